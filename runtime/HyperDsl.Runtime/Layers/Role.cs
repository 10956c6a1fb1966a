namespace HyperDsl.Runtime.Layers;

/// <summary>
/// How a target layer gets its parameters: its own (trained or frozen), generated per sample by a hypernetwork
/// (<see cref="External"/>), or a frozen weight plus a generated low-rank delta (<see cref="Lora"/>).
/// Slots index the <see cref="GeneratedWeights"/> a hypernetwork returns.
/// </summary>
public abstract record Role
{
    private protected Role()
    {
    }

    /// <summary>Own parameters, trained.</summary>
    public static Role Trainable { get; } = new TrainableRole();

    /// <summary>Own parameters that are never updated (<c>requires_grad</c> false).</summary>
    public static Role Frozen { get; } = new FrozenRole();

    /// <summary>Weight and/or bias generated per sample.</summary>
    /// <param name="weightSlot">Slot of the generated weight; null: the weight is an own trainable parameter.</param>
    /// <param name="biasSlot">Slot of the generated bias; null: the bias (if the layer has one) is an own trainable parameter.</param>
    public static Role External(int? weightSlot, int? biasSlot) => new ExternalRole(weightSlot, biasSlot);

    /// <summary>Frozen weight and bias plus a generated low-rank delta <c>(alpha / rank) * B @ A</c>.</summary>
    /// <param name="rank">The rank r of A <c>[r, in]</c> and B <c>[out, r]</c>.</param>
    /// <param name="alpha">Scaling numerator; the delta is multiplied by <c>alpha / rank</c>.</param>
    /// <param name="aSlot">Slot of the generated A.</param>
    /// <param name="bSlot">Slot of the generated B.</param>
    public static Role Lora(int rank, double alpha, int aSlot, int bSlot) => new LoraRole(rank, alpha, aSlot, bSlot);
}

/// <summary>Own parameters, trained. Use <see cref="Role.Trainable"/>.</summary>
public sealed record TrainableRole : Role;

/// <summary>Own parameters, never updated. Use <see cref="Role.Frozen"/>.</summary>
public sealed record FrozenRole : Role;

/// <summary>Weight and/or bias generated per sample. Use <see cref="Role.External"/>.</summary>
/// <param name="WeightSlot">Slot of the generated weight, or null when the weight is an own trainable parameter.</param>
/// <param name="BiasSlot">Slot of the generated bias, or null when the bias is own (or absent).</param>
public sealed record ExternalRole(int? WeightSlot, int? BiasSlot) : Role;

/// <summary>Frozen weight and bias plus a generated low-rank delta. Use <see cref="Role.Lora"/>.</summary>
/// <param name="Rank">LoRA rank r.</param>
/// <param name="Alpha">Scaling numerator.</param>
/// <param name="ASlot">Slot of A <c>[B, r, in]</c>.</param>
/// <param name="BSlot">Slot of B <c>[B, out, r]</c>.</param>
public sealed record LoraRole(int Rank, double Alpha, int ASlot, int BSlot) : Role
{
    /// <summary>The factor <c>alpha / rank</c> applied to the delta.</summary>
    public double Scale => Alpha / Rank;
}
