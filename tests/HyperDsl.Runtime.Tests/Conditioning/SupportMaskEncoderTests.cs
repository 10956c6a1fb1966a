using HyperDsl.Runtime.Conditioning;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Tests.Conditioning;

/// <summary>The support image + mask encoder: pooling against manual computations, patch sampling, shapes, gradients.</summary>
public sealed class SupportMaskEncoderTests
{
    [Fact]
    public void MaskAveragePoolingEqualsAManualMeanOverForeground()
    {
        using var scope = NewDisposeScope();
        // One sample, two channels, 2x2 grid; foreground = top-left and bottom-right.
        var features = tensor(new float[] { 1, 2, 3, 4, 10, 20, 30, 40 }, 1, 2, 2, 2);
        var mask = tensor(new float[] { 1, 0, 0, 1 }, 1, 1, 2, 2);
        var pooled = SupportMaskEncoder.MaskAveragePool(features, mask).data<float>().ToArray();
        Assert.Equal((1 + 4) / 2.0, pooled[0], 1e-5);
        Assert.Equal((10 + 40) / 2.0, pooled[1], 1e-4);
    }

    [Fact]
    public void MaskAveragePoolingUpsamplesFeaturesToTheMask()
    {
        using var scope = NewDisposeScope();
        // Features 2x2, mask 4x4: nearest upsampling repeats each feature over a 2x2 block.
        var features = tensor(new float[] { 1, 2, 3, 4 }, 1, 1, 2, 2);
        var maskValues = new float[16];
        maskValues[0] = 1;          // block (0,0): one voxel -> feature 1
        maskValues[2] = maskValues[3] = maskValues[6] = 1; // block (0,1): three voxels -> feature 2
        maskValues[15] = 1;         // block (1,1): one voxel -> feature 4
        var mask = tensor(maskValues, 1, 1, 4, 4);
        var expected = (1 * 1 + 2 * 3 + 4 * 1) / 5f;
        Assert.Equal(expected, SupportMaskEncoder.MaskAveragePool(features, mask).item<float>(), 1e-5);

        // A size that is not a multiple takes the literal path: compare with explicit nearest upsampling.
        var odd = (rand(1, 1, 5, 5) > 0.5).to_type(ScalarType.Float32);
        var upsampled = nn.functional.interpolate(features, size: [5, 5], mode: InterpolationMode.Nearest);
        var manual = (upsampled * odd).sum() / (odd.sum() + 1e-6);
        Assert.Equal(manual.item<float>(), SupportMaskEncoder.MaskAveragePool(features, odd).item<float>(), 1e-5);
    }

    [Fact]
    public void BoundaryIsWhereANeighbourhoodHoldsBothLabels()
    {
        using var scope = NewDisposeScope();
        // 1-voxel-wide foreground column in a 5x5 grid: columns 1..3 are boundary, 0 and 4 are not.
        var mask = zeros(1, 1, 5, 5);
        mask[.., .., .., 2] = 1;
        var boundary = PatchSampler.BoundaryOf(mask).to_type(ScalarType.Int32).reshape(5, 5);
        for (var row = 0; row < 5; row++)
            Assert.Equal(new[] { 0, 1, 1, 1, 0 }, boundary[row].data<int>().ToArray());
    }

    [Fact]
    public void PatchSamplingIsBalancedOrderedAndUsesBoundaryFraction()
    {
        using var scope = NewDisposeScope();
        var mask = zeros(2, 1, 8, 8);
        mask[.., .., TensorIndex.Slice(2, 6), TensorIndex.Slice(2, 6)] = 1;
        using var generator = new Generator(5);
        var centres = PatchSampler.Sample(mask, patches: 8, boundary: 0.5, generator);
        Assert.Equal(new long[] { 2, 8 }, centres.shape);
        var foreground = mask.reshape(2, -1) > 0.5;
        var edge = PatchSampler.BoundaryOf(mask).reshape(2, -1);
        // Order: 2 foreground interior, 2 foreground boundary, 2 background interior, 2 background boundary.
        bool[] expectForeground = [true, true, true, true, false, false, false, false];
        bool[] expectEdge = [false, false, true, true, false, false, true, true];
        for (var b = 0; b < 2; b++)
            for (var k = 0; k < 8; k++)
            {
                var index = centres[b, k].item<long>();
                Assert.Equal(expectForeground[k], foreground[b, index].item<bool>());
                Assert.Equal(expectEdge[k], edge[b, index].item<bool>());
            }

        using var again = new Generator(5);
        Assert.Equal(centres.data<long>().ToArray(), PatchSampler.Sample(mask, 8, 0.5, again).data<long>().ToArray());
    }

    [Fact]
    public void AnEmptyMaskFallsBackToTheWholeGrid()
    {
        using var scope = NewDisposeScope();
        var centres = PatchSampler.Sample(zeros(1, 1, 4, 4), patches: 6, boundary: 0.5);
        Assert.Equal(new long[] { 1, 6 }, centres.shape);
        Assert.True((centres >= 0).all().item<bool>() && (centres < 16).all().item<bool>());
    }

    [Fact]
    public void GatherReturnsTheZeroPaddedNeighbourhood()
    {
        using var scope = NewDisposeScope();
        var features = arange(9, ScalarType.Float32).reshape(1, 1, 3, 3) + 1; // 1..9
        var centres = tensor(new long[] { 4, 0 }).reshape(1, 2); // the middle, the top-left corner
        var patches = PatchSampler.Gather(features, centres);
        Assert.Equal(new long[] { 1, 2, 9 }, patches.shape);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, patches[0, 0].data<float>().ToArray());
        Assert.Equal(new float[] { 0, 0, 0, 0, 1, 2, 0, 4, 5 }, patches[0, 1].data<float>().ToArray());
    }

    [Fact]
    public void GatherMatchesANaiveLoopIn3D()
    {
        using var scope = NewDisposeScope();
        long[] grid = [3, 4, 5];
        var features = randn([2L, 2, 3, 4, 5]);
        using var generator = new Generator(4);
        var centres = randint(0, 60, [2, 7], generator: generator);
        var patches = PatchSampler.Gather(features, centres);
        Assert.Equal(new long[] { 2, 7, 2 * 27 }, patches.shape);
        var f = features.data<float>().ToArray();
        var actual = patches.data<float>().ToArray();
        for (var b = 0; b < 2; b++)
            for (var k = 0; k < 7; k++)
            {
                var index = centres[b, k].item<long>();
                long z = index / 20, y = index / 5 % 4, x = index % 5;
                for (var c = 0; c < 2; c++)
                    for (var o = 0; o < 27; o++)
                    {
                        long nz = z + o / 9 - 1, ny = y + o / 3 % 3 - 1, nx = x + o % 3 - 1;
                        var inside = nz >= 0 && nz < grid[0] && ny >= 0 && ny < grid[1] && nx >= 0 && nx < grid[2];
                        var expected = inside ? f[((b * 2 + c) * 3 + nz) * 20 + ny * 5 + nx] : 0f;
                        Assert.Equal(expected, actual[(b * 7 + k) * 54 + c * 27 + o]);
                    }
            }
    }

    [Fact]
    public void PositionalEncodingIsSinusoidalInNormalisedCoordinates()
    {
        using var scope = NewDisposeScope();
        var encoding = PositionalEncoding.Encode(tensor(new long[] { 5 }).reshape(1, 1), [2, 4], frequencies: 2);
        // Index 5 in a 2x4 grid = (row 1, column 1): p = (1.5/2, 1.5/4).
        double[] p = [0.75, 0.375];
        var expected = p.SelectMany(x => new[] { Math.Sin(Math.PI * x), Math.Sin(2 * Math.PI * x), Math.Cos(Math.PI * x), Math.Cos(2 * Math.PI * x) }).ToArray();
        var actual = encoding.reshape(-1).data<float>().ToArray();
        Assert.Equal(PositionalEncoding.Width(2, 2), actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], actual[i], 1e-5);
    }

    [Fact]
    public void TheEmbeddingReadsTheMask()
    {
        using var scope = NewDisposeScope();
        manual_seed(12);
        var encoder = new SupportMaskEncoder("support", 2, inChannels: 1, channels: [4], size: 6, patches: 8, boundary: 0.5);
        encoder.eval();
        var image = randn(1, 1, 16, 16);
        var left = zeros(1, 1, 16, 16);
        left[.., .., .., ..8] = 1;
        var right = zeros(1, 1, 16, 16);
        right[.., .., .., 8..] = 1;
        Tensor Embed(Tensor mask)
        {
            encoder.Generator = new Generator(5);   // the same patch draws for every mask
            return encoder.forward(image, mask);
        }
        var a = Embed(left);
        Assert.Equal(0.0, (Embed(left) - a).abs().max().item<float>(), 6);
        var different = (Embed(right) - a).abs().max().item<float>();
        Assert.True(different > 1e-3, $"the embeddings of two disjoint masks differ by only {different}");

        // Its task descriptor is the mask-average pool of the encoder's features over the foreground, by hand.
        var features = encoder.EncodeFeatures(image);                     // [1, 4, 8, 8]: one stride-2 stage
        var upsampled = features.repeat_interleave(2, 2).repeat_interleave(2, 3);
        var byHand = (upsampled * left).sum([2, 3]) / left.sum();
        var pooled = SupportMaskEncoder.MaskAveragePool(features, left);
        Assert.True((pooled - byHand).abs().max().item<float>() < 1e-5);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void EncoderGivesTheEmbeddingShapeAndGradientsReachEveryParameter(int rank)
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        var encoder = new SupportMaskEncoder("support", rank, inChannels: 2, channels: [4, 6], size: 5, patches: 6, boundary: 0.5);
        long[] spatial = rank == 2 ? [16, 16] : [8, 8, 8];
        var image = randn([3, 2, .. spatial]);
        var mask = (randn([3, 1, .. spatial]) > 0.3).to_type(ScalarType.Float32);
        var output = encoder.forward(image, mask);
        Assert.Equal(new long[] { 3, 5 }, output.shape);
        output.square().sum().backward();
        var report = string.Join("; ", encoder.named_parameters().Select(p => $"{p.name}={p.parameter.grad?.abs().sum().item<float>()}"));
        foreach (var (name, parameter) in encoder.named_parameters())
        {
            Assert.True(parameter.grad is not null, $"{name} got no gradient");
            Assert.True(parameter.grad!.isfinite().all().item<bool>(), $"{name} has a non-finite gradient: {report}");
            // A convolution bias right before a one-channel-per-group normalisation is cancelled by it: its gradient is 0.
            if (!name.EndsWith("conv.bias", StringComparison.Ordinal))
                Assert.True(parameter.grad!.abs().sum().item<float>() > 0, $"{name} has a zero gradient: {report}");
        }
    }

    [Fact]
    public void GroupNormalisationStartsAsTheIdentityAffineMap()
    {
        using var scope = NewDisposeScope();
        var encoder = new SupportMaskEncoder("support", 2, 1, [4, 6], 3, 4, 0.25);
        foreach (var (name, parameter) in encoder.named_parameters().Where(p => p.name.Contains(".norm.")))
            Assert.All(parameter.data<float>().ToArray(), v => Assert.Equal(name.EndsWith("weight", StringComparison.Ordinal) ? 1f : 0f, v));
    }

    [Fact]
    public void EncoderIsDeterministicGivenTheGenerator()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        var encoder = new SupportMaskEncoder("support", 2, 1, [4], 3, patches: 4, boundary: 0.25);
        var image = randn(2, 1, 8, 8);
        var mask = (randn(2, 1, 8, 8) > 0).to_type(ScalarType.Float32);
        encoder.Generator = new Generator(9);
        var first = encoder.forward(image, mask).data<float>().ToArray();
        encoder.Generator = new Generator(9);
        Assert.Equal(first, encoder.forward(image, mask).data<float>().ToArray());
    }

    [Fact]
    public void EncoderRejectsAMaskOfAnotherSizeNamingTheDeclaration()
    {
        using var scope = NewDisposeScope();
        var encoder = new SupportMaskEncoder("support", 2, 1, [4], 3, 4, 0.25);
        var error = Assert.Throws<HyperDslShapeException>(() => encoder.forward(zeros(1, 1, 8, 8), zeros(1, 1, 4, 4)));
        Assert.Equal("support", error.Declaration);
        Assert.Contains("[1, 1, 8, 8]", error.Message);
        Assert.Contains("[1, 1, 4, 4]", error.Message);
    }
}
