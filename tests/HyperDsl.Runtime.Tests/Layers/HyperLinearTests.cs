using HyperDsl.Runtime.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Tests.Layers;

/// <summary>The batched hyper-linear kernels against a per-sample loop of ordinary linear layers.</summary>
public sealed class HyperLinearTests
{
    private const string Declaration = "Test.head.fc1 (test.hyp:3)";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BatchedLinearEqualsAPerSampleLoopInValueAndGradients(bool sequence)
    {
        manual_seed(1);
        const long batch = 4, inFeatures = 5, outFeatures = 3, tokens = 6;
        var input = (sequence ? randn(batch, tokens, inFeatures, dtype: ScalarType.Float64) : randn(batch, inFeatures, dtype: ScalarType.Float64))
            .requires_grad_(true);
        var weight = randn(batch, outFeatures, inFeatures, dtype: ScalarType.Float64).requires_grad_(true);
        var bias = randn(batch, outFeatures, dtype: ScalarType.Float64).requires_grad_(true);
        var upstream = randn(sequence ? [batch, tokens, outFeatures] : [batch, outFeatures], dtype: ScalarType.Float64);

        var batched = HyperOps.Linear(input, weight, bias);
        var (gradInput, gradWeight, gradBias) = Gradients(batched, upstream, input, weight, bias);

        var looped = stack(Enumerable.Range(0, (int)batch)
            .Select(b => nn.functional.linear(input[b], weight[b], bias[b])).ToArray());
        var (loopInput, loopWeight, loopBias) = Gradients(looped, upstream, input, weight, bias);

        TensorAssert.Close(looped, batched, 1e-12, "output");
        TensorAssert.Close(loopInput, gradInput, 1e-12, "d/d input");
        TensorAssert.Close(loopWeight, gradWeight, 1e-12, "d/d weight");
        TensorAssert.Close(loopBias, gradBias, 1e-12, "d/d bias");
    }

    [Fact]
    public void ExternalLayerAppliesEachSamplesGeneratedWeightAndItsOwnBias()
    {
        manual_seed(2);
        var layer = new TargetLinear("fc1", 5, 3, hasBias: true, Role.External(0, null), Declaration);
        var weight = randn(4, 3, 5);
        var generated = new GeneratedWeights([weight], ["head.fc1.weight"]);
        var input = randn(4, 5);

        var output = layer.forward(input, generated);

        var expected = stack(Enumerable.Range(0, 4).Select(b => nn.functional.linear(input[b], weight[b], layer.Bias!)).ToArray());
        TensorAssert.Close(expected, output, 1e-5);
        Assert.Null(layer.Weight);
        Assert.Equal(["bias"], layer.state_dict().Keys);
    }

    [Fact]
    public void AGeneratedBiasWithAnOwnWeightIsAddedPerSample()
    {
        manual_seed(3);
        var layer = new TargetLinear("fc", 5, 3, hasBias: true, Role.External(null, 0), Declaration);
        var bias = randn(4, 3);
        var input = randn(4, 2, 5);

        var output = layer.forward(input, new GeneratedWeights([bias], ["fc.bias"]));

        var expected = stack(Enumerable.Range(0, 4).Select(b => nn.functional.linear(input[b], layer.Weight!, bias[b])).ToArray());
        TensorAssert.Close(expected, output, 1e-5);
        Assert.Equal(["weight"], layer.state_dict().Keys);
    }

    [Fact]
    public void LoraLayerEqualsTheDenselyMergedWeight()
    {
        manual_seed(4);
        const int rank = 2;
        const double alpha = 6;
        var layer = new TargetLinear("q", 6, 4, hasBias: true, Role.Lora(rank, alpha, 0, 1), Declaration);
        layer.to(ScalarType.Float64);
        var a = randn(3, rank, 6, dtype: ScalarType.Float64).requires_grad_(true);
        var b = randn(3, 4, rank, dtype: ScalarType.Float64).requires_grad_(true);
        var input = randn(3, 5, 6, dtype: ScalarType.Float64);
        var upstream = randn(3, 5, 4, dtype: ScalarType.Float64);

        var output = layer.forward(input, new GeneratedWeights([a, b], ["q.lora_a", "q.lora_b"]));
        var (gradA, gradB) = Gradients2(output, upstream, a, b);

        var scale = alpha / rank;
        var dense = stack(Enumerable.Range(0, 3)
            .Select(i => nn.functional.linear(input[i], layer.Weight! + scale * b[i].matmul(a[i]), layer.Bias!)).ToArray());
        var (denseA, denseB) = Gradients2(dense, upstream, a, b);

        TensorAssert.Close(dense, output, 1e-12, "output");
        TensorAssert.Close(denseA, gradA, 1e-12, "d/d A");
        TensorAssert.Close(denseB, gradB, 1e-12, "d/d B");
        Assert.False(layer.Weight!.requires_grad);
        Assert.False(layer.Bias!.requires_grad);
        Assert.Equal(["bias", "weight"], layer.state_dict().Keys.Order());
    }

    [Fact]
    public void OwnParametersStartLikeTorchNnLinear()
    {
        manual_seed(5);
        var layer = new TargetLinear("fc", 100, 50, hasBias: true, Role.Trainable, Declaration);
        var bound = 1 / Math.Sqrt(100);
        Assert.True(layer.Weight!.abs().max().item<float>() <= bound);
        Assert.True(layer.Bias!.abs().max().item<float>() <= bound);
        // U(-b, b) has variance b²/3; 5000 samples estimate it within a few percent.
        Assert.InRange(layer.Weight.var().item<float>(), 0.9 * bound * bound / 3, 1.1 * bound * bound / 3);
        Assert.True(layer.Weight.requires_grad);
    }

    [Fact]
    public void AWrongInputWidthNamesTheDeclarationAndBothShapes()
    {
        var layer = new TargetLinear("fc1", 5, 3, hasBias: true, Role.External(0, null), Declaration);
        var generated = new GeneratedWeights([zeros(2, 3, 5)], ["head.fc1.weight"]);

        var error = Assert.Throws<HyperDslShapeException>(() => layer.forward(zeros(2, 7), generated));

        Assert.Contains(Declaration, error.Message);
        Assert.Contains("[2, 7]", error.Message);
        Assert.Contains("[B, 5]", error.Message);
    }

    [Fact]
    public void AWronglyShapedGeneratedWeightNamesTheDeclarationAndTheSlot()
    {
        var layer = new TargetLinear("fc1", 5, 3, hasBias: false, Role.External(0, null), Declaration);
        var generated = new GeneratedWeights([zeros(2, 5, 3)], ["head.fc1.weight"]);

        var error = Assert.Throws<HyperDslShapeException>(() => layer.forward(zeros(2, 5), generated));

        Assert.Contains(Declaration, error.Message);
        Assert.Contains("head.fc1.weight", error.Message);
        Assert.Contains("expected [2, 3, 5]", error.Message);
        Assert.Contains("[2, 5, 3]", error.Message);
    }

    [Fact]
    public void AGeneratedWeightOfAnotherDtypeNamesTheDeclaration()
    {
        var layer = new TargetLinear("fc1", 5, 3, hasBias: false, Role.External(0, null), Declaration);
        var generated = new GeneratedWeights([zeros(2, 3, 5, dtype: ScalarType.Float64)], ["head.fc1.weight"]);

        var error = Assert.Throws<HyperDslShapeException>(() => layer.forward(zeros(2, 5), generated));

        Assert.Contains(Declaration, error.Message);
        Assert.Contains("Float64", error.Message);
        Assert.Contains("Float32", error.Message);
    }

    [Fact]
    public void ForwardWithoutGeneratedWeightsIsAClearError()
    {
        var layer = new TargetLinear("fc1", 5, 3, hasBias: false, Role.External(0, null), Declaration);
        var error = Assert.Throws<HyperDslShapeException>(() => layer.forward(zeros(2, 5)));
        Assert.Contains(Declaration, error.Message);
        Assert.Contains("without the hypernetwork's output", error.Message);
    }

    private static (Tensor, Tensor, Tensor) Gradients(Tensor output, Tensor upstream, Tensor x, Tensor w, Tensor b)
    {
        var grads = HyperDsl.Tests.Shared.Gradients.Of([output], [x, w, b], [upstream]);
        return (grads[0], grads[1], grads[2]);
    }

    private static (Tensor, Tensor) Gradients2(Tensor output, Tensor upstream, Tensor a, Tensor b)
    {
        var grads = HyperDsl.Tests.Shared.Gradients.Of([output], [a, b], [upstream]);
        return (grads[0], grads[1]);
    }
}
