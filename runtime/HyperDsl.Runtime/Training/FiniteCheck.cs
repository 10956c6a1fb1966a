using static TorchSharp.torch;

namespace HyperDsl.Runtime.Training;

/// <summary>Whether tensors hold only finite values, with one device synchronisation for all of them.</summary>
internal static class FiniteCheck
{
    /// <summary>The name of the first tensor holding a NaN or Inf, or null when all are finite.</summary>
    public static string? FirstNonFinite(IEnumerable<(string Name, Tensor? Tensor)> tensors)
    {
        using var scope = NewDisposeScope();
        var present = tensors.Where(t => t.Tensor is not null).ToArray();
        if (present.Length == 0)
            return null;
        using var flags = stack(present.Select(t => t.Tensor!.isfinite().all()).ToArray());
        if (flags.all().item<bool>())
            return null;
        var perTensor = flags.to(CPU).data<bool>().ToArray();
        return present[Array.IndexOf(perTensor, false)].Name;
    }
}
