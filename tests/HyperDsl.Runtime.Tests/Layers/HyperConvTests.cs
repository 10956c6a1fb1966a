using HyperDsl.Runtime.Layers;
using HyperDsl.Tests.Shared;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Tests.Layers;

/// <summary>
/// Generated convolutions (one grouped convolution with the batch folded into the groups) against a per-sample loop of
/// TorchSharp's functional convolutions, in value and in gradients, for 1, 2 and 3 spatial dimensions.
/// </summary>
public sealed class HyperConvTests
{
    private const string Declaration = "Test.decoder.conv1 (test.hyp:9)";
    private const long Batch = 3;

    // rank, in, out, kernel, stride, padding, dilation, groups (one value per spatial dimension)
    public static TheoryData<int, long, long, long, long, long, long, long> Configurations => new()
    {
        { 1, 4, 6, 3, 1, 0, 1, 1 },
        { 1, 4, 6, 3, 2, 1, 2, 2 },
        { 2, 4, 6, 3, 1, 1, 1, 1 },
        { 2, 6, 4, 2, 2, 1, 2, 2 },
        { 3, 2, 4, 3, 1, 1, 1, 1 },
        { 3, 4, 4, 2, 2, 0, 1, 4 },
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void GroupedHyperConvEqualsAPerSampleLoop(int rank, long inChannels, long outChannels, long kernel, long stride, long padding,
        long dilation, long groups)
    {
        manual_seed(10 + rank);
        var (k, s, p, d) = (Tuple(rank, kernel), Tuple(rank, stride), Tuple(rank, padding), Tuple(rank, dilation));
        var input = randn(Shape(Batch, inChannels, rank, 7), dtype: ScalarType.Float64).requires_grad_(true);
        var weight = randn(new[] { Batch, outChannels, inChannels / groups }.Concat(k).ToArray(), dtype: ScalarType.Float64).requires_grad_(true);
        var bias = randn(Batch, outChannels, dtype: ScalarType.Float64).requires_grad_(true);

        var batched = HyperOps.Conv(input, weight, bias, s, p, d, groups);
        var looped = cat(Enumerable.Range(0, (int)Batch).Select(b => PerSampleConv(rank, input[b].unsqueeze(0), weight[b], bias[b], s, p, d, groups)).ToArray());

        AssertSameValueAndGradients(looped, batched, input, weight, bias);
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void GroupedHyperConvTransposeEqualsAPerSampleLoop(int rank, long inChannels, long outChannels, long kernel, long stride,
        long padding, long dilation, long groups)
    {
        manual_seed(20 + rank);
        var (k, s, p, d) = (Tuple(rank, kernel), Tuple(rank, stride), Tuple(rank, padding), Tuple(rank, dilation));
        var outputPadding = Tuple(rank, stride > 1 ? 1 : 0);   // must be smaller than stride or dilation
        var input = randn(Shape(Batch, inChannels, rank, 5), dtype: ScalarType.Float64).requires_grad_(true);
        var weight = randn(new[] { Batch, inChannels, outChannels / groups }.Concat(k).ToArray(), dtype: ScalarType.Float64).requires_grad_(true);
        var bias = randn(Batch, outChannels, dtype: ScalarType.Float64).requires_grad_(true);

        var batched = HyperOps.ConvTranspose(input, weight, bias, s, p, outputPadding, d, groups);
        var looped = cat(Enumerable.Range(0, (int)Batch)
            .Select(b => PerSampleConvTranspose(rank, input[b].unsqueeze(0), weight[b], bias[b], s, p, outputPadding, d, groups)).ToArray());

        AssertSameValueAndGradients(looped, batched, input, weight, bias);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TargetConvWithGeneratedWeightAndBiasMatchesTheLoopAndMaterialises(int rank)
    {
        manual_seed(30 + rank);
        var (k, s, p, d) = (Tuple(rank, 3), Tuple(rank, 1), Tuple(rank, 1), Tuple(rank, 1));
        var layer = new TargetConv("conv1", rank, 4, 6, k, s, p, d, 2, hasBias: true, Role.External(0, 1), Declaration);
        var weight = randn(new[] { Batch, 6, 2 }.Concat(k).ToArray());
        var bias = randn(Batch, 6);
        var generated = new GeneratedWeights([weight, bias], ["decoder.conv1.weight", "decoder.conv1.bias"]);
        var input = randn(Shape(Batch, 4, rank, 5));

        var output = layer.forward(input, generated);

        Assert.Empty(layer.state_dict());
        var plain = new TargetConv("conv1", rank, 4, 6, k, s, p, d, 2, hasBias: true, Role.Trainable, "plain");
        for (var b = 0; b < Batch; b++)
        {
            var expected = PerSampleConv(rank, input[b].unsqueeze(0), weight[b], bias[b], s, p, d, 2);
            layer.MaterializeInto(plain, generated, b);
            TensorAssert.Close(expected, output[b].unsqueeze(0), 1e-5, $"sample {b}");
            TensorAssert.Close(output[b].unsqueeze(0), plain.forward(input[b].unsqueeze(0)), 1e-5, $"materialised sample {b}");
        }
    }

    [Fact]
    public void TargetConvTransposeWithAGeneratedBiasOnlyKeepsItsOwnWeight()
    {
        manual_seed(40);
        var (k, s, p, d, op) = (Tuple(2, 2), Tuple(2, 2), Tuple(2, 0), Tuple(2, 1), Tuple(2, 0));
        var layer = new TargetConvTranspose("up", 2, 4, 3, k, s, p, d, op, 1, hasBias: true, Role.External(null, 0), Declaration);
        var bias = randn(Batch, 3);
        var input = randn(Batch, 4, 3, 3);

        var output = layer.forward(input, new GeneratedWeights([bias], ["up.bias"]));

        Assert.Equal(["weight"], layer.state_dict().Keys);
        var plain = new TargetConvTranspose("up", 2, 4, 3, k, s, p, d, op, 1, hasBias: true, Role.Trainable, "plain");
        var generated = new GeneratedWeights([bias], ["up.bias"]);
        for (var b = 0; b < Batch; b++)
        {
            TensorAssert.Close(PerSampleConvTranspose(2, input[b].unsqueeze(0), layer.Weight!, bias[b], s, p, op, d, 1),
                output[b].unsqueeze(0), 1e-5, $"sample {b}");
            layer.MaterializeInto(plain, generated, b);
            TensorAssert.Close(output[b].unsqueeze(0), plain.forward(input[b].unsqueeze(0)), 1e-5, $"materialised sample {b}");
        }
    }

    [Fact]
    public void OwnConvParametersAreNamedWeightAndBiasAndStartLikeTorchNn()
    {
        manual_seed(41);
        var layer = new TargetConv("conv", 3, 4, 8, Tuple(3, 3), Tuple(3, 1), Tuple(3, 1), Tuple(3, 1), 1, hasBias: true, Role.Trainable, Declaration);
        Assert.Equal(["bias", "weight"], layer.state_dict().Keys.Order());
        Assert.Equal([8L, 4, 3, 3, 3], layer.Weight!.shape);
        var bound = 1 / Math.Sqrt(4 * 27);
        Assert.True(layer.Weight.abs().max().item<float>() <= bound);
        Assert.True(layer.Weight.abs().max().item<float>() > 0.9 * bound);
        var output = layer.forward(randn([2L, 4, 5, 5, 5]));
        Assert.Equal([2L, 8, 5, 5, 5], output.shape);
    }

    [Fact]
    public void LoraOnAConvolutionIsRejectedWithTheDeclaration()
    {
        var error = Assert.Throws<NotSupportedException>(() =>
            new TargetConv("conv", 2, 4, 4, Tuple(2, 3), Tuple(2, 1), Tuple(2, 1), Tuple(2, 1), 1, true, Role.Lora(2, 2, 0, 1), Declaration));
        Assert.Contains(Declaration, error.Message);
        Assert.Contains("linear layers only", error.Message);
    }

    [Fact]
    public void AWrongChannelCountNamesTheDeclaration()
    {
        var layer = new TargetConv("conv", 2, 4, 6, Tuple(2, 3), Tuple(2, 1), Tuple(2, 1), Tuple(2, 1), 1, true, Role.External(0, 1), Declaration);
        var generated = new GeneratedWeights([zeros([2L, 6, 4, 3, 3]), zeros(2, 6)], ["w", "b"]);
        var error = Assert.Throws<HyperDslShapeException>(() => layer.forward(zeros(2, 3, 8, 8), generated));
        Assert.Contains(Declaration, error.Message);
        Assert.Contains("[2, 3, 8, 8]", error.Message);
        Assert.Contains("[B, 4, ?, ?]", error.Message);
    }

    private static void AssertSameValueAndGradients(Tensor looped, Tensor batched, Tensor input, Tensor weight, Tensor bias)
    {
        var upstream = randn_like(looped);
        var expected = Gradients.Of([looped], [input, weight, bias], [upstream]);
        var actual = Gradients.Of([batched], [input, weight, bias], [upstream]);
        TensorAssert.Close(looped, batched, 1e-10, "output");
        TensorAssert.Close(expected[0], actual[0], 1e-10, "d/d input");
        TensorAssert.Close(expected[1], actual[1], 1e-10, "d/d weight");
        TensorAssert.Close(expected[2], actual[2], 1e-10, "d/d bias");
    }

    internal static Tensor PerSampleConv(int rank, Tensor x, Tensor w, Tensor b, long[] s, long[] p, long[] d, long g) => rank switch
    {
        1 => nn.functional.conv1d(x, w, b, s[0], p[0], d[0], g),
        2 => nn.functional.conv2d(x, w, b, s, p, d, g),
        _ => nn.functional.conv3d(x, w, b, s, p, d, g),
    };

    private static Tensor PerSampleConvTranspose(int rank, Tensor x, Tensor w, Tensor b, long[] s, long[] p, long[] op, long[] d, long g) => rank switch
    {
        1 => nn.functional.conv_transpose1d(x, w, b, s[0], p[0], op[0], d[0], g),
        2 => nn.functional.conv_transpose2d(x, w, b, s, p, op, d, g),
        _ => nn.functional.conv_transpose3d(x, w, b, s, p, op, d, g),
    };

    private static long[] Tuple(int rank, long value) => Enumerable.Repeat(value, rank).ToArray();

    private static long[] Shape(long batch, long channels, int rank, long size) =>
        new[] { batch, channels }.Concat(Enumerable.Repeat(size, rank)).ToArray();
}
