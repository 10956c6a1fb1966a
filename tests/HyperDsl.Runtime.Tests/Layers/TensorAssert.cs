using static TorchSharp.torch;

namespace HyperDsl.Runtime.Tests.Layers;

/// <summary>Element-wise comparisons of tensors with a tolerance, reporting the worst difference.</summary>
internal static class TensorAssert
{
    public static void Close(Tensor expected, Tensor actual, double tolerance, string what = "tensor")
    {
        Assert.Equal(expected.shape, actual.shape);
        var worst = (expected.to_type(ScalarType.Float64) - actual.to_type(ScalarType.Float64)).abs().max().item<double>();
        Assert.True(worst <= tolerance, $"{what}: max |difference| {worst:g3} exceeds {tolerance:g3}.");
    }

    public static void Identical(Tensor expected, Tensor actual, string what = "tensor")
    {
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(expected.eq(actual).all().item<bool>(), $"{what} changed.");
    }
}
