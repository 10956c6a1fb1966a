using HyperDsl.Runtime.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Training;

/// <summary>
/// Checks on generated weights. Generated code calls <see cref="EnsureFinite"/> after the hypernetwork (on by default in
/// debug builds), so a NaN or Inf is reported at the layer that produced it instead of as a NaN loss many steps later.
/// </summary>
public static class GeneratedChecks
{
    /// <summary>Throws when any slot holds NaN or Inf, naming the first such slot by its <c>.hyp</c> name.</summary>
    /// <param name="generated">The hypernetwork's output.</param>
    /// <param name="model">The <c>.hyp</c> model name, for the message.</param>
    /// <exception cref="GeneratedWeightsNotFiniteException">A slot holds a non-finite value.</exception>
    public static void EnsureFinite(GeneratedWeights generated, string model)
    {
        ArgumentNullException.ThrowIfNull(generated);
        if (generated.Count == 0)
            return;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        // One host sync for all slots: count the non-finite values of every slot on the device, copy the counts once.
        var counts = stack(Enumerable.Range(0, generated.Count)
            .Select(slot => generated[slot].isfinite().logical_not().sum().to_type(ScalarType.Int64).to(CPU))
            .ToArray()).data<long>().ToArray();
        for (var slot = 0; slot < counts.Length; slot++)
        {
            if (counts[slot] == 0)
                continue;
            var t = generated[slot];
            var nan = t.isnan().sum().item<long>();
            throw new GeneratedWeightsNotFiniteException(
                model,
                generated.NameOf(slot),
                $"{model}: generated tensor '{generated.NameOf(slot)}' (slot {slot}, shape {HyperDslShapeException.Render(t.shape)}) holds " +
                $"{counts[slot]} non-finite values ({nan} NaN, {counts[slot] - nan} Inf) of {t.numel()}. " +
                "Check the condition input for NaN/Inf, lower the learning rate, or bound the hypernetwork's outputs (bound scale).");
        }
    }
}

/// <summary>Thrown when a hypernetwork generated NaN or Inf; <see cref="Slot"/> is the <c>.hyp</c> name of the first such tensor.</summary>
public sealed class GeneratedWeightsNotFiniteException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="model">The <c>.hyp</c> model name.</param>
    /// <param name="slot">The <c>.hyp</c> name of the non-finite generated tensor.</param>
    /// <param name="message">The full message.</param>
    public GeneratedWeightsNotFiniteException(string model, string slot, string message) : base(message)
    {
        Model = model;
        Slot = slot;
    }

    /// <summary>The <c>.hyp</c> model name.</summary>
    public string Model { get; }

    /// <summary>The <c>.hyp</c> name of the first non-finite generated tensor.</summary>
    public string Slot { get; }
}
