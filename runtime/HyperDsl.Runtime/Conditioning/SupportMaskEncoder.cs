using HyperDsl.Runtime.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Conditioning;

/// <summary>
/// Encodes a support pair (image <c>[B, C, spatial..]</c>, binary mask <c>[B, 1, spatial..]</c>) into a task
/// embedding <c>[B, size]</c>, after the task-conditioned U-Net hypernetwork (Hagen et al.):
/// <list type="number">
/// <item>a small convolutional encoder (stride-2 3^d convolutions, GroupNorm, LeakyReLU) maps the image to features F;</item>
/// <item>the global task descriptor is the mask-average pool of F upsampled to the mask (<see cref="MaskAveragePool"/>);</item>
/// <item><c>patches</c> patch centres are sampled on F's grid, balanced between foreground and background, a fraction
/// <c>boundary</c> of each at the mask boundary (<see cref="PatchSampler"/>); each patch's 3^d neighbourhood of F plus a
/// sinusoidal encoding of its position (<see cref="PositionalEncoding"/>) is projected to a context vector;</item>
/// <item>the mean context vector, concatenated with the task descriptor, is projected to <c>size</c>.</item>
/// </list>
/// Patch sampling draws from <see cref="Generator"/> (torch's default generator when null), so it is deterministic
/// after <c>torch.manual_seed</c>.
/// </summary>
public sealed class SupportMaskEncoder : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>Frequencies per axis of the positional encoding (each gives a sine and a cosine).</summary>
    public const int PositionalFrequencies = 4;

    private readonly ModuleList<nn.Module<Tensor, Tensor>> encoder;
    private readonly Linear context;
    private readonly Linear output;

    /// <summary>Creates the encoder.</summary>
    /// <param name="name">Module name (the .hyp declaration's name).</param>
    /// <param name="spatialRank">2 for images, 3 for volumes.</param>
    /// <param name="inChannels">Channels of the support image.</param>
    /// <param name="channels">Output channels of each encoder stage (each stage halves the resolution); at least one.</param>
    /// <param name="size">Width of the task embedding.</param>
    /// <param name="patches">Number of sampled patches (at least 1).</param>
    /// <param name="boundary">Fraction of the patches taken at the mask boundary, in [0, 1].</param>
    public SupportMaskEncoder(string name, int spatialRank, long inChannels, long[] channels, long size, int patches, double boundary)
        : base(name)
    {
        if (spatialRank is not (2 or 3))
            throw new ArgumentOutOfRangeException(nameof(spatialRank), spatialRank, "The support encoder works on 2-D images or 3-D volumes.");
        ArgumentOutOfRangeException.ThrowIfLessThan(inChannels, 1);
        ArgumentNullException.ThrowIfNull(channels);
        if (channels.Length == 0)
            throw new ArgumentException("The support encoder needs at least one stage.", nameof(channels));
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(patches, 1);
        if (!(boundary >= 0 && boundary <= 1))
            throw new ArgumentOutOfRangeException(nameof(boundary), boundary, "The boundary fraction must lie in [0, 1].");

        SpatialRank = spatialRank;
        InChannels = inChannels;
        Size = size;
        Patches = patches;
        Boundary = boundary;

        encoder = new ModuleList<nn.Module<Tensor, Tensor>>();
        var width = inChannels;
        foreach (var c in channels)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(c, 1, nameof(channels));
            nn.Module<Tensor, Tensor> conv = spatialRank == 2
                ? nn.Conv2d(width, c, kernel_size: 3, stride: 2, padding: 1)
                : nn.Conv3d(width, c, kernel_size: 3, stride: 2, padding: 1);
            // Norms.GroupNorm, not nn.GroupNorm: TorchSharp 0.107 leaves the latter's affine parameters uninitialised.
            encoder.Add(nn.Sequential(("conv", conv), ("norm", Norms.GroupNorm(GroupsFor(c), c)), ("act", nn.LeakyReLU(0.01))));
            width = c;
        }
        FeatureChannels = width;
        var neighbourhood = (long)Math.Pow(3, spatialRank);
        context = nn.Linear(width * neighbourhood + PositionalEncoding.Width(spatialRank, PositionalFrequencies), width);
        output = nn.Linear(2 * width, size);
        RegisterComponents();
    }

    /// <summary>2 or 3.</summary>
    public int SpatialRank { get; }

    /// <summary>Channels of the support image.</summary>
    public long InChannels { get; }

    /// <summary>Channels of the encoder features F (the last stage's width).</summary>
    public long FeatureChannels { get; }

    /// <summary>Width of the task embedding.</summary>
    public long Size { get; }

    /// <summary>Number of sampled patches.</summary>
    public int Patches { get; }

    /// <summary>Fraction of patches at the mask boundary.</summary>
    public double Boundary { get; }

    /// <summary>Generator for patch sampling; null uses torch's default generator.</summary>
    public Generator? Generator { get; set; }

    /// <summary>Encodes the support pair into <c>[B, size]</c>.</summary>
    /// <param name="image">Support image <c>[B, inChannels, spatial..]</c>.</param>
    /// <param name="mask">Support mask <c>[B, 1, spatial..]</c> (1 = foreground; any numeric or bool dtype).</param>
    /// <exception cref="HyperDslShapeException">The image or mask shape does not fit.</exception>
    public override Tensor forward(Tensor image, Tensor mask)
    {
        CheckInputs(image, mask);
        mask = mask.to_type(image.dtype);
        var features = EncodeFeatures(image);
        var task = MaskAveragePool(features, mask);

        var grid = features.shape[2..];
        var coarseMask = (AdaptiveAveragePool(mask, grid) >= 0.5).to_type(image.dtype);
        var centres = PatchSampler.Sample(coarseMask, Patches, Boundary, Generator);
        var neighbourhoods = PatchSampler.Gather(features, centres);
        var positions = PositionalEncoding.Encode(centres, grid, PositionalFrequencies).to_type(features.dtype);
        var contexts = nn.functional.leaky_relu(context.forward(cat([neighbourhoods, positions], 2)), 0.01);
        return output.forward(cat([contexts.mean([1]), task], 1));
    }

    /// <summary>The encoder features F <c>[B, featureChannels, spatial/2^stages..]</c> of an image.</summary>
    public Tensor EncodeFeatures(Tensor image)
    {
        var x = image;
        foreach (var stage in encoder)
            x = stage.forward(x);
        return x;
    }

    /// <summary>
    /// Mask-average pooling: the mean over the foreground voxels of <paramref name="features"/> upsampled (nearest) to
    /// the mask's resolution, i.e. <c>sum(Upsample(F) * y) / sum(y)</c> per sample and channel; 0 for an empty mask.
    /// When the mask's size is a whole multiple of the features' size on every axis, the same value is computed without
    /// upsampling, by weighting each feature cell with the foreground fraction of its block of mask voxels.
    /// </summary>
    /// <param name="features">Features <c>[B, C, s'..]</c>.</param>
    /// <param name="mask">Mask <c>[B, 1, s..]</c> with s a size at least s' on each axis (soft masks allowed).</param>
    /// <returns><c>[B, C]</c>.</returns>
    public static Tensor MaskAveragePool(Tensor features, Tensor mask)
    {
        const double emptyMaskGuard = 1e-6;
        var rank = (int)features.dim() - 2;
        var spatialDims = Enumerable.Range(2, rank).Select(d => (long)d).ToArray();
        var featureGrid = features.shape[2..];
        var maskGrid = mask.shape[2..];
        mask = mask.to_type(features.dtype);
        if (featureGrid.SequenceEqual(maskGrid))
            return (features * mask).sum(spatialDims) / (mask.sum(spatialDims) + emptyMaskGuard);

        if (featureGrid.Zip(maskGrid).All(p => p.Second % p.First == 0))
        {
            // Nearest upsampling repeats each feature cell over a block of r voxels, so
            // sum_v F_up(v) y(v) = r * sum_c F(c) mean_block(y)(c) and sum_v y(v) = r * sum_c mean_block(y)(c).
            var block = featureGrid.Zip(maskGrid, (f, m) => m / f).ToArray();
            var cellVolume = block.Aggregate(1L, (a, b) => a * b);
            var fraction = rank == 2
                ? nn.functional.avg_pool2d(mask, block, block)
                : nn.functional.avg_pool3d(mask, block, block);
            return (features * fraction).sum(spatialDims) / (fraction.sum(spatialDims) + emptyMaskGuard / cellVolume);
        }

        var upsampled = nn.functional.interpolate(features, size: maskGrid, mode: InterpolationMode.Nearest);
        return (upsampled * mask).sum(spatialDims) / (mask.sum(spatialDims) + emptyMaskGuard);
    }

    private static Tensor AdaptiveAveragePool(Tensor mask, long[] grid) =>
        grid.Length == 2 ? nn.functional.adaptive_avg_pool2d(mask, grid) : nn.functional.adaptive_avg_pool3d(mask, grid);

    private void CheckInputs(Tensor image, Tensor mask)
    {
        var rank = SpatialRank + 2;
        if (image.dim() != rank || image.shape[1] != InChannels)
            throw new HyperDslShapeException(GetName(), "support image", $"[B, {InChannels}, {SpatialAxes()}]", HyperDslShapeException.Render(image.shape));
        if (mask.dim() != rank || mask.shape[0] != image.shape[0] || mask.shape[1] != 1 || !mask.shape[2..].SequenceEqual(image.shape[2..]))
            throw new HyperDslShapeException(
                GetName(), "support mask", HyperDslShapeException.Render([image.shape[0], 1, .. image.shape[2..]]), HyperDslShapeException.Render(mask.shape));
    }

    private string SpatialAxes() => SpatialRank == 2 ? "H, W" : "D, H, W";

    /// <summary>The largest group count up to 8 that divides <paramref name="channels"/>.</summary>
    private static long GroupsFor(long channels)
    {
        for (var g = Math.Min(8, channels); g > 1; g--)
            if (channels % g == 0)
                return g;
        return 1;
    }
}
