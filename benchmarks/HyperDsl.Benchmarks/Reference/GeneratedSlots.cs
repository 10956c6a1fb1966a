using HyperDsl.Runtime.Hypernets;

namespace HyperDsl.Benchmarks.Reference;

/// <summary>
/// Slot indices of a model's generated tensors by their .hyp name, resolved once: the references read slots by name on
/// every forward, and a search of the spec array there would be timed as part of the hand-written side.
/// </summary>
internal static class GeneratedSlots
{
    /// <summary>Name → slot index of <paramref name="specs"/> (a generated model's <c>GeneratedTensors</c>).</summary>
    public static IReadOnlyDictionary<string, int> ByName(IReadOnlyList<GeneratedTensorSpec> specs) =>
        Enumerable.Range(0, specs.Count).ToDictionary(i => specs[i].Name, StringComparer.Ordinal);
}
