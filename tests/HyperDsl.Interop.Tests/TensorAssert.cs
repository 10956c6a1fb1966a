using static TorchSharp.torch;

namespace HyperDsl.Interop.Tests;

internal static class TensorAssert
{
    /// <summary>Same shape, dtype and values.</summary>
    public static bool Same(Tensor a, Tensor b) =>
        a.shape.SequenceEqual(b.shape) && a.dtype == b.dtype && a.eq(b).all().item<bool>();
}
