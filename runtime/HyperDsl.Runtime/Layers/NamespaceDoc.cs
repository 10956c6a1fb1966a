namespace HyperDsl.Runtime.Layers;

/// <summary>
/// <b>HyperDsl.Runtime.Layers</b>: the layers of a target network and the batched kernels that apply generated
/// weights. A <see cref="Role"/> says where a layer's tensors come from (own trainable, own frozen, generated per
/// sample, or LoRA on a frozen weight); <see cref="GeneratedWeights"/> carries a hypernetwork's output for a batch
/// by slot; <see cref="TargetLinear"/>, <see cref="TargetConv"/> and <see cref="TargetConvTranspose"/> apply it with
/// <see cref="HyperOps"/> (<c>bmm</c>, one grouped convolution with the batch folded into the groups, LoRA through
/// the rank bottleneck), never with a per-sample loop; <see cref="ITargetLayer.MaterializeInto"/> copies one
/// sample's effective weights into an ordinary layer. Every shape error names the layer's <c>.hyp</c> declaration.
/// </summary>
internal static class NamespaceDoc
{
}
