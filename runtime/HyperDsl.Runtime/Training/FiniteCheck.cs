using static TorchSharp.torch;

namespace HyperDsl.Runtime.Training;

/// <summary>
/// Whether tensors hold only finite values, with one reading pass over each and one device synchronisation for all of
/// them: a tensor's sum is NaN or Inf when an element is. Only a tensor whose sum is not finite is checked element by
/// element, since finite values can also add up beyond the dtype's range.
/// </summary>
internal static class FiniteCheck
{
    /// <summary>The name of the first tensor holding a NaN or Inf, or null when all are finite.</summary>
    public static string? FirstNonFinite(IEnumerable<(string Name, Tensor? Tensor)> tensors)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var present = tensors.Where(t => t.Tensor is not null).ToArray();
        if (present.Length == 0)
            return null;
        var sums = stack(present.Select(t => t.Tensor!.sum().to_type(ScalarType.Float64)).ToArray());
        var finite = sums.isfinite();
        if (finite.all().item<bool>())
            return null;
        var perTensor = finite.to(CPU).data<bool>().ToArray();
        for (var i = 0; i < present.Length; i++)
            if (!perTensor[i] && !present[i].Tensor!.isfinite().all().item<bool>())
                return present[i].Name;
        return null;
    }
}
