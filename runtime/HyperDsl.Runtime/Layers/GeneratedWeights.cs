using static TorchSharp.torch;

namespace HyperDsl.Runtime.Layers;

/// <summary>
/// The output of a hypernetwork for one batch: one tensor per slot, each <c>[B, ...per-sample shape]</c>, with the
/// <c>.hyp</c> name of each slot (for example <c>head.fc1.weight</c>) for messages.
/// </summary>
public sealed class GeneratedWeights
{
    private readonly Tensor[] tensors;
    private readonly string[] names;

    /// <summary>Wraps the generated tensors; all must share the batch size (dimension 0).</summary>
    /// <param name="tensors">One tensor per slot, batch first.</param>
    /// <param name="names">The <c>.hyp</c> name of each slot.</param>
    /// <exception cref="ArgumentException">The counts differ, a tensor is a scalar, or the batch sizes differ.</exception>
    public GeneratedWeights(IReadOnlyList<Tensor> tensors, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(names);
        if (tensors.Count != names.Count)
            throw new ArgumentException($"{tensors.Count} generated tensors but {names.Count} names.", nameof(names));
        this.tensors = tensors.ToArray();
        this.names = names.ToArray();
        for (var slot = 0; slot < this.tensors.Length; slot++)
        {
            if (this.tensors[slot].dim() == 0)
                throw new ArgumentException($"Generated tensor '{this.names[slot]}' has no batch dimension.", nameof(tensors));
            var batch = this.tensors[slot].size(0);
            if (slot == 0)
                BatchSize = batch;
            else if (batch != BatchSize)
                throw new ArgumentException(
                    $"Generated tensor '{this.names[slot]}' has batch size {batch}, '{this.names[0]}' has {BatchSize}.",
                    nameof(tensors));
        }
    }

    /// <summary>No generated tensors: what a model without a hypernetwork generates.</summary>
    public static GeneratedWeights None { get; } = new([], []);

    /// <summary>Number of slots.</summary>
    public int Count => tensors.Length;

    /// <summary>The batch size B (0 when there are no slots).</summary>
    public long BatchSize { get; }

    /// <summary>The tensor of <paramref name="slot"/>, <c>[B, ...per-sample shape]</c>.</summary>
    /// <param name="slot">Slot index.</param>
    public Tensor this[int slot] => tensors[CheckSlot(slot)];

    /// <summary>The <c>.hyp</c> name of <paramref name="slot"/>.</summary>
    /// <param name="slot">Slot index.</param>
    public string NameOf(int slot) => names[CheckSlot(slot)];

    /// <summary>The mean over the batch of the sum of squares of all slots (a scalar), for an L2 penalty on generated weights.</summary>
    public Tensor SquaredNorm()
    {
        if (tensors.Length == 0)
            return zeros(Array.Empty<long>());
        var total = tensors[0].square().sum();
        for (var slot = 1; slot < tensors.Length; slot++)
            total = total + tensors[slot].square().sum();
        return total / BatchSize;
    }

    /// <summary>The same slots for one sample only (batch size 1), sharing storage with this batch.</summary>
    /// <param name="sample">Index of the sample in the batch.</param>
    public GeneratedWeights Select(long sample)
    {
        if (sample < 0 || sample >= BatchSize)
            throw new ArgumentOutOfRangeException(nameof(sample), sample, $"The batch has {BatchSize} samples.");
        return new GeneratedWeights(tensors.Select(t => t.narrow(0, sample, 1)).ToArray(), names);
    }

    private int CheckSlot(int slot) =>
        slot >= 0 && slot < tensors.Length
            ? slot
            : throw new ArgumentOutOfRangeException(nameof(slot), slot, $"There are {tensors.Length} generated slots.");
}
