using static TorchSharp.torch;

namespace HyperDsl.Generated.Tests;

/// <summary>Tensor comparisons with a message that says how far apart the tensors are.</summary>
internal static class TensorAssert
{
    public static void Close(Tensor expected, Tensor actual, double tolerance = 1e-5, string what = "tensor")
    {
        Assert.Equal(expected.shape, actual.shape);
        var difference = (expected.detach().to(float64) - actual.detach().to(float64)).abs().max().item<double>();
        Assert.True(difference <= tolerance, $"{what}: max |difference| {difference:G3} exceeds {tolerance:G3}");
    }

    public static void BitIdentical(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(expected.eq(actual).all().item<bool>(), $"{what} changed");
    }

    /// <summary>Generated weights detached into leaves, so gradients with respect to them can be compared.</summary>
    public static (HyperDsl.Runtime.Layers.GeneratedWeights Weights, Tensor[] Leaves) Leaves(HyperDsl.Runtime.Layers.GeneratedWeights generated)
    {
        var leaves = Enumerable.Range(0, generated.Count).Select(i => generated[i].detach().clone().requires_grad_(true)).ToArray();
        var names = Enumerable.Range(0, generated.Count).Select(generated.NameOf).ToArray();
        return (new HyperDsl.Runtime.Layers.GeneratedWeights(leaves, names), leaves);
    }
}
