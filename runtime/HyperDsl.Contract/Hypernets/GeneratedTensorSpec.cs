namespace HyperDsl.Runtime.Hypernets;

/// <summary>One tensor a hypernetwork generates per sample; its slot is its index in the spec list.</summary>
/// <param name="Name">The <c>.hyp</c> name, for example <c>head.fc1.weight</c> or <c>blocks.3.attn.q.lora_a</c>.</param>
/// <param name="Kind">Weight, bias or LoRA factor.</param>
/// <param name="Shape">Per-sample shape (Linear weight <c>[out, in]</c>, conv <c>[out, in/g, k...]</c>, LoRA A <c>[r, in]</c>, B <c>[out, r]</c>).</param>
/// <param name="FanIn">Fan-in of the target layer (in * kernel volume / groups), for hyperfan-in.</param>
/// <param name="FanOut">Fan-out of the target layer (out * kernel volume / groups), for hyperfan-out.</param>
/// <param name="Component">The generated layer (component) the tensor belongs to; specs of one layer share it.</param>
/// <param name="ComponentType">PerComponent: the component type (q, k, v, o, fc1, ...); components of a type share a head.</param>
/// <param name="Depth">PerComponent: the depth attribute (for example the block index), 0 when not meaningful.</param>
/// <param name="Gain">
/// Hyperfan gain of the activation that follows the target layer (the runtime's <c>Activations.Gain</c>: sqrt 2 for
/// ReLU, 1 for none): generated weights start with variance gain² / fan. Defaults to 1.
/// </param>
/// <remarks>Not sealed: the compiler's bound generated tensor is this spec plus its layer path and source location.</remarks>
public record GeneratedTensorSpec(
    string Name,
    GeneratedKind Kind,
    long[] Shape,
    long FanIn,
    long FanOut,
    int Component,
    string ComponentType,
    int Depth,
    double Gain = 1.0)
{
    /// <summary>Number of values per sample (the product of <see cref="Shape"/>).</summary>
    public long Count => Shape.Aggregate(1L, (a, d) => checked(a * d));
}
