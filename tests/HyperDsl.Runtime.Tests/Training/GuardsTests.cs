using HyperDsl.Runtime.Layers;
using HyperDsl.Runtime.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Tests.Training;

/// <summary>Shape guards, non-finite checks, ensembles and the adaptation step.</summary>
public sealed class GuardsTests
{
    private const string Declaration = "HydaBrainAge.condition.age (hyda.hyp:3)";

    // (input shape, expected per-sample shape, accepted): every acceptance next to the nearest refusal, so a guard
    // that accepts too much or too little fails here (batch 1 and 64, batch 0, a wildcard on each axis, a wildcard
    // beside a wrong concrete size, one axis too many or too few).
    public static TheoryData<long[], long[], bool> GuardCases() => new()
    {
        { [5, 3, 7], [3, -1], true },
        { [1, 3, 2], [3, -1], true },
        { [64, 3, 1], [3, -1], true },
        { [0, 3, 7], [3, -1], false },
        { [5, 4, 7], [3, -1], false },
        { [5, 3], [3, -1], false },
        { [5, 3, 7, 1], [3, -1], false },
        { [2, 9, 3], [-1, 3], true },
        { [2, 9, 4], [-1, 3], false },
        { [2, 5, 6], [-1, -1], true },
        { [2, 5], [-1, -1], false },
        { [1, 8], [8], true },
        { [8], [8], false },
        { [3], [], true },
        { [3, 1], [], false },
    };

    [Theory]
    [MemberData(nameof(GuardCases))]
    public void ShapeGuardAcceptsAnyBatchAndWildcardsAndNothingElse(long[] shape, long[] expected, bool accepted)
    {
        using var scope = NewDisposeScope();
        var error = Record.Exception(() => ShapeGuard.Expect(zeros(shape), expected, Declaration, ScalarType.Float32, CPU));
        if (accepted)
            Assert.Null(error);
        else
            Assert.Equal($"[{string.Join(", ", shape)}]", Assert.IsType<HyperDslShapeException>(error).Actual);
    }

    [Fact]
    public void ShapeGuardNamesTheDeclarationExpectedAndActualShape()
    {
        using var scope = NewDisposeScope();
        var wrongWidth = Assert.Throws<HyperDslShapeException>(() => ShapeGuard.Expect(zeros(8, 4), [3], Declaration));
        Assert.Equal(Declaration, wrongWidth.Declaration);
        Assert.Contains(Declaration, wrongWidth.Message);
        Assert.Contains("[B, 3]", wrongWidth.Message);
        Assert.Contains("[8, 4]", wrongWidth.Message);

        var missingBatch = Assert.Throws<HyperDslShapeException>(() => ShapeGuard.Expect(zeros(3), [3], Declaration));
        Assert.Contains("[3]", missingBatch.Message);
    }

    [Fact]
    public void ShapeGuardReportsWrongDtypeAndDevice()
    {
        using var scope = NewDisposeScope();
        var dtype = Assert.Throws<HyperDslShapeException>(() => ShapeGuard.Expect(zeros(2, 3, dtype: ScalarType.Float64), [3], Declaration, ScalarType.Float32));
        Assert.Contains(Declaration, dtype.Message);
        Assert.Contains("Float64", dtype.Message);
        Assert.Contains("Float32", dtype.Message);

        var device = Assert.Throws<HyperDslShapeException>(() => ShapeGuard.Expect(zeros(2, 3), [3], Declaration, device: new Device(DeviceType.CUDA, 0)));
        Assert.Contains(Declaration, device.Message);
        Assert.Contains("cuda", device.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void EnsureFiniteNamesTheFirstNonFiniteSlot()
    {
        using var scope = NewDisposeScope();
        var bad = ones(2, 3);
        bad[1, 2] = float.NaN;
        var inf = ones(2, 4);
        inf[0, 0] = float.PositiveInfinity;
        var generated = new GeneratedWeights([ones(2, 5), bad, inf], ["head.fc1.weight", "head.fc1.bias", "head.fc2.weight"]);
        var error = Assert.Throws<GeneratedWeightsNotFiniteException>(() => GeneratedChecks.EnsureFinite(generated, "HydaBrainAge"));
        Assert.Equal("head.fc1.bias", error.Slot);
        Assert.Contains("HydaBrainAge", error.Message);
        Assert.Contains("'head.fc1.bias'", error.Message);
        Assert.Contains("1 NaN", error.Message);

        GeneratedChecks.EnsureFinite(new GeneratedWeights([ones(2, 5)], ["ok"]), "HydaBrainAge");
    }

    [Fact]
    public void EnsembleMeanAndVarianceMatchTorch()
    {
        using var scope = NewDisposeScope();
        var samples = randn(5, 3, 2);
        var next = 0;
        var (mean, variance) = Ensemble.Predict(() => samples[next++], 5);
        Assert.Equal(5, next);
        Assert.True(allclose(mean, samples.mean([0L]), 1e-6, 1e-6));
        Assert.True(allclose(variance, samples.var(0, unbiased: true), 1e-6, 1e-6));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ensemble.Predict(() => zeros(1), 1));
    }

    [Fact]
    public void AdaptationStepIsExactlyWeightMinusLearningRateTimesGradientAndLowersTheLoss()
    {
        using var scope = NewDisposeScope();
        var w = tensor(new float[] { 1, -2, 3, 0.5f }, 2, 2);
        var b = tensor(new float[] { 0.1f, 0.2f }, 2, 1);
        var target = tensor(new float[] { 0, 1, 1, 0 }, 2, 2);
        var generated = new GeneratedWeights([w, b], ["fc.weight", "fc.bias"]);
        Tensor Loss(GeneratedWeights g) => (g[0] - target).square().sum() + 3 * g[1].sum();

        var adapted = Adaptation.Step(generated, Loss, learningRate: 0.1);
        // ∂/∂w = 2 (w - target), ∂/∂b = 3.
        var expectedW = w - 0.1 * 2 * (w - target);
        var expectedB = b - 0.1 * 3;
        Assert.Equal(expectedW.data<float>().ToArray(), adapted[0].data<float>().ToArray());
        Assert.Equal(expectedB.data<float>().ToArray(), adapted[1].data<float>().ToArray());
        Assert.Equal("fc.bias", adapted.NameOf(1));
        Assert.True(Loss(adapted).item<float>() < Loss(generated).item<float>());
        Assert.False(adapted[0].requires_grad);
    }

    [Fact]
    public void SecondAndFirstOrderAdaptationPassGradientsToTheHypernetwork()
    {
        using var scope = NewDisposeScope();
        var hyper = tensor(new float[] { 0.5f, -1 }).requires_grad_(true);
        var generated = new GeneratedWeights([hyper.unsqueeze(0) * 2], ["w"]);
        var adapted = Adaptation.Step(generated, g => g[0].square().sum(), 0.25, differentiable: true);
        // w' = w - 0.25 * 2w = 0.5 w = hyper; d sum(w') / d hyper = 1.
        adapted[0].sum().backward();
        Assert.Equal(new float[] { 1, 1 }, hyper.grad!.data<float>().ToArray());

        // First order (the default): same step, the gradient is a constant, the graph of w is kept: d sum(w') / d hyper = 2.
        hyper.grad!.zero_();
        var firstOrder = Adaptation.Step(new GeneratedWeights([hyper.unsqueeze(0) * 2], ["w"]), g => g[0].square().sum(), 0.25);
        Assert.Equal(new float[] { 0.5f, -1 }, firstOrder[0].detach().reshape(-1).data<float>().ToArray());
        firstOrder[0].sum().backward();
        Assert.Equal(new float[] { 2, 2 }, hyper.grad!.data<float>().ToArray());

        var detached = new GeneratedWeights([ones(1, 2)], ["w"]);
        Assert.Throws<ArgumentException>(() => Adaptation.Step(detached, g => g[0].sum(), 0.1, differentiable: true));
    }
}
