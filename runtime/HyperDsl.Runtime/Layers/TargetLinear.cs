using HyperDsl.Runtime.Init;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Layers;

/// <summary>
/// A linear layer of a target network: own parameters (trainable or frozen), weight and/or bias generated per
/// sample (applied with <see cref="HyperOps.Linear"/>), or LoRA on a frozen weight (<see cref="HyperOps.LoraLinear"/>).
/// Own tensors are the parameters <c>weight</c> <c>[out, in]</c> and <c>bias</c> <c>[out]</c>, initialised like torch.nn.Linear.
/// </summary>
public sealed class TargetLinear : nn.Module<Tensor, Tensor>, ITargetLayer
{
    // Field names are the state_dict keys: <layer>.weight, <layer>.bias. Null when generated or absent.
    private Parameter? weight;
    private Parameter? bias;

    /// <summary>Creates the layer and its own parameters for <paramref name="role"/>.</summary>
    /// <param name="name">Module name.</param>
    /// <param name="inFeatures">Input features.</param>
    /// <param name="outFeatures">Output features.</param>
    /// <param name="hasBias">Whether the layer adds a bias.</param>
    /// <param name="role">Trainable, Frozen, External or Lora.</param>
    /// <param name="declaration">The <c>.hyp</c> declaration, used in error messages.</param>
    public TargetLinear(string name, long inFeatures, long outFeatures, bool hasBias, Role role, string declaration) : base(name)
    {
        ArgumentNullException.ThrowIfNull(role);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        HasBias = hasBias;
        Role = role;
        Declaration = declaration;
        if (role is ExternalRole { BiasSlot: not null } && !hasBias)
            throw new ArgumentException($"{declaration}: the role generates a bias, but the layer has none.", nameof(role));

        var frozen = role is FrozenRole or LoraRole;
        if (role is not ExternalRole { WeightSlot: not null })
            weight = TorchDefaultInit.Parameter([outFeatures, inFeatures], inFeatures, trainable: !frozen);
        if (hasBias && role is not ExternalRole { BiasSlot: not null })
            bias = TorchDefaultInit.Parameter([outFeatures], inFeatures, trainable: !frozen);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public string Declaration { get; }

    /// <inheritdoc/>
    public Role Role { get; }

    /// <summary>Input features.</summary>
    public long InFeatures { get; }

    /// <summary>Output features.</summary>
    public long OutFeatures { get; }

    /// <summary>Whether the layer adds a bias (own or generated).</summary>
    public bool HasBias { get; }

    /// <summary>The own weight <c>[out, in]</c>, or null when it is generated.</summary>
    public Parameter? Weight => weight;

    /// <summary>The own bias <c>[out]</c>, or null when it is generated or absent.</summary>
    public Parameter? Bias => bias;

    /// <summary>Applies the layer with own parameters only (Trainable or Frozen roles, or External with nothing generated).</summary>
    /// <param name="input"><c>[..., in]</c>.</param>
    public override Tensor forward(Tensor input) => forward(input, null);

    /// <summary>Applies the layer; generated tensors are read from <paramref name="generated"/>.</summary>
    /// <param name="input"><c>[B, in]</c> or <c>[B, T, in]</c> (own parameters: any leading dimensions).</param>
    /// <param name="generated">The hypernetwork's output for this batch; required for External and Lora roles.</param>
    public Tensor forward(Tensor input, GeneratedWeights? generated)
    {
        var generatesSomething = Role is LoraRole or ExternalRole { WeightSlot: not null } or ExternalRole { BiasSlot: not null };
        if (!generatesSomething)
        {
            LayerChecks.Input(input, Declaration, [1, 2, 3, 4, 5, 6], -1, InFeatures, $"[..., {InFeatures}]");
            return nn.functional.linear(input, weight!, bias);
        }

        LayerChecks.Input(input, Declaration, [2, 3], -1, InFeatures, $"[B, {InFeatures}] or [B, T, {InFeatures}]");
        var batch = input.size(0);
        if (Role is LoraRole lora)
        {
            var a = LayerChecks.Generated(generated, lora.ASlot, [lora.Rank, InFeatures], batch, Declaration, input);
            var b = LayerChecks.Generated(generated, lora.BSlot, [OutFeatures, lora.Rank], batch, Declaration, input);
            return HyperOps.LoraLinear(input, weight!, bias, a, b, lora.Scale);
        }

        var external = (ExternalRole)Role;
        var generatedBias = external.BiasSlot is { } biasSlot
            ? LayerChecks.Generated(generated, biasSlot, [OutFeatures], batch, Declaration, input)
            : null;
        if (external.WeightSlot is { } weightSlot)
        {
            var w = LayerChecks.Generated(generated, weightSlot, [OutFeatures, InFeatures], batch, Declaration, input);
            return HyperOps.Linear(input, w, generatedBias ?? bias?.expand(batch, OutFeatures));
        }

        // Own (shared) weight with a generated bias: one matmul, then the per-sample bias.
        var shared = nn.functional.linear(input, weight!);
        return input.dim() == 3 ? shared + generatedBias!.unsqueeze(1) : shared + generatedBias!;
    }

    /// <inheritdoc/>
    public void MaterializeInto(ITargetLayer destination, GeneratedWeights? generated, long sample)
    {
        var target = LayerChecks.Destination<TargetLinear>(destination, Declaration);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var effectiveWeight = Role switch
        {
            ExternalRole { WeightSlot: { } slot } => SampleOf(generated, slot, [OutFeatures, InFeatures], sample),
            LoraRole lora => weight! + lora.Scale * SampleOf(generated, lora.BSlot, [OutFeatures, lora.Rank], sample)
                .matmul(SampleOf(generated, lora.ASlot, [lora.Rank, InFeatures], sample)),
            _ => weight!,
        };
        LayerChecks.CopyInto(target.weight, effectiveWeight, Declaration, "weight");
        if (!HasBias)
            return;
        var effectiveBias = Role is ExternalRole { BiasSlot: { } biasSlot }
            ? SampleOf(generated, biasSlot, [OutFeatures], sample)
            : bias!;
        LayerChecks.CopyInto(target.bias, effectiveBias, Declaration, "bias");
    }

    private Tensor SampleOf(GeneratedWeights? generated, int slot, long[] perSample, long sample)
    {
        var all = LayerChecks.Generated(generated, slot, perSample, generated?.BatchSize ?? 0, Declaration);
        return all[sample];
    }
}
