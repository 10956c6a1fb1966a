using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Conditioning;

/// <summary>
/// The condition of a noise-conditioned hypernetwork: standard normal samples <c>[B, size]</c>. Drawing k samples
/// for the same input and generating k networks gives an ensemble (see <see cref="Training.Ensemble"/>).
/// Has no parameters.
/// </summary>
public sealed class NoiseSource : nn.Module
{
    /// <summary>Creates a source of <paramref name="size"/>-dimensional standard normal noise.</summary>
    /// <param name="name">Module name (the .hyp declaration's name).</param>
    /// <param name="size">Width of each noise vector.</param>
    public NoiseSource(string name, long size) : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Size = size;
    }

    /// <summary>Width of each noise vector.</summary>
    public long Size { get; }

    /// <summary>Draws <paramref name="batch"/> noise vectors <c>[batch, size]</c> (float32) on <paramref name="device"/>.</summary>
    /// <param name="batch">Number of vectors.</param>
    /// <param name="device">Device of the result.</param>
    /// <param name="generator">Random generator; null uses torch's default generator (seeded by <c>torch.manual_seed</c>).</param>
    public Tensor Sample(long batch, Device device, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        return randn([batch, Size], ScalarType.Float32, device, requires_grad: false, generator: generator);
    }
}
