using static TorchSharp.torch;

namespace HyperDsl.Runtime.Layers;

/// <summary>Dispatches to TorchSharp's functional conv / conv-transpose of the input's spatial rank (1, 2 or 3).</summary>
internal static class ConvFunctional
{
    public static Tensor Convolve(Tensor x, Tensor w, Tensor? b, long[] stride, long[] padding, long[] dilation, long groups) =>
        (x.dim() - 2) switch
        {
            1 => nn.functional.conv1d(x, w, b, stride[0], padding[0], dilation[0], groups),
            2 => nn.functional.conv2d(x, w, b, stride, padding, dilation, groups),
            3 => nn.functional.conv3d(x, w, b, stride, padding, dilation, groups),
            var rank => throw new ArgumentException($"Convolutions have 1, 2 or 3 spatial dimensions, not {rank}."),
        };

    public static Tensor ConvolveTransposed(Tensor x, Tensor w, Tensor? b, long[] stride, long[] padding, long[] outputPadding,
        long[] dilation, long groups) =>
        (x.dim() - 2) switch
        {
            1 => nn.functional.conv_transpose1d(x, w, b, stride[0], padding[0], outputPadding[0], dilation[0], groups),
            2 => nn.functional.conv_transpose2d(x, w, b, stride, padding, outputPadding, dilation, groups),
            3 => nn.functional.conv_transpose3d(x, w, b, stride, padding, outputPadding, dilation, groups),
            var rank => throw new ArgumentException($"Transposed convolutions have 1, 2 or 3 spatial dimensions, not {rank}."),
        };
}
