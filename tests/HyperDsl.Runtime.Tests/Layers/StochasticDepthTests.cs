using HyperDsl.Runtime.Layers;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Tests.Layers;

/// <summary>Stochastic depth as torchvision's ops.stochastic_depth: identity in evaluation, drop and rescale in training.</summary>
public sealed class StochasticDepthTests
{
    [Fact]
    public void EvaluationAndZeroProbabilityAreTheIdentity()
    {
        var x = randn(6, 3, 2, 2);
        Assert.True(StochasticDepth.Row(x, 0.7, training: false).eq(x).all().item<bool>());
        Assert.True(StochasticDepth.Batch(x, 0.7, training: false).eq(x).all().item<bool>());
        Assert.True(StochasticDepth.Row(x, 0.0, training: true).eq(x).all().item<bool>());
    }

    [Fact]
    public void RowModeDropsEachSampleWithProbabilityPAndDividesSurvivorsByOneMinusP()
    {
        manual_seed(3);
        const int samples = 20_000;
        var y = StochasticDepth.Row(ones(samples, 4), 0.3, training: true);
        // Within a sample every value is dropped or kept together.
        Assert.True(y.amax([1]).eq(y.amin([1])).all().item<bool>());
        var first = y[.., 0];
        var dropped = first.eq(0).sum().item<long>();
        Assert.True(first.eq(0).logical_or((first - 1 / 0.7).abs().lt(1e-6)).all().item<bool>(), "values other than 0 and 1 / (1 - p)");
        // Binomial(20000, 0.3): standard deviation 65; five of them either side.
        Assert.InRange(dropped, 6000 - 325, 6000 + 325);
        // The expectation is unchanged.
        Assert.InRange(y.mean().item<float>(), 0.97f, 1.03f);
    }

    [Fact]
    public void BatchModeDropsTheWholeBatchTogether()
    {
        manual_seed(4);
        var outcomes = Enumerable.Range(0, 400).Select(_ => StochasticDepth.Batch(ones(5, 3), 0.5, training: true)).ToList();
        Assert.All(outcomes, y => Assert.True(y.eq(0).all().item<bool>() || y.eq(2).all().item<bool>()));
        Assert.InRange(outcomes.Count(y => y.eq(0).all().item<bool>()), 150, 250);
    }

    [Fact]
    public void ProbabilityOneDropsEverythingAndOutOfRangeThrows()
    {
        Assert.True(StochasticDepth.Row(ones(4, 2), 1.0, training: true).eq(0).all().item<bool>());
        Assert.Throws<ArgumentOutOfRangeException>(() => StochasticDepth.Row(ones(2, 2), 1.5, training: true));
    }
}
