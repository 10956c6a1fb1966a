using static TorchSharp.torch;

namespace HyperDsl.Runtime.Layers;

/// <summary>
/// The batched kernels that apply a different weight to every sample of a batch without a per-sample loop:
/// <c>bmm</c> for linear layers and one grouped convolution, with the batch folded into the groups, for
/// convolutions and transposed convolutions in 1, 2 and 3 dimensions.
/// </summary>
public static class HyperOps
{
    /// <summary>Per-sample linear map: <c>y[b] = x[b] W[b]ᵀ + bias[b]</c>.</summary>
    /// <param name="input"><c>[B, in]</c> or <c>[B, T, in]</c>.</param>
    /// <param name="weight"><c>[B, out, in]</c>.</param>
    /// <param name="bias"><c>[B, out]</c> or null.</param>
    /// <returns><c>[B, out]</c> or <c>[B, T, out]</c>.</returns>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias)
    {
        var weightT = weight.transpose(1, 2);
        // bmm then add: TorchSharp 0.107's baddbmm binds its tensor arguments in a different order than torch's.
        if (input.dim() == 3)
            return bias is null ? input.bmm(weightT) : input.bmm(weightT) + bias.unsqueeze(1);
        // [B, in]: squeeze before adding the [B, out] bias, one view op fewer per call (forward and backward);
        // measured in benchmarks/ (HyDA's primary network spends ~10% more than hand-written TorchSharp otherwise).
        var y = input.unsqueeze(1).bmm(weightT).squeeze(1);
        return bias is null ? y : y + bias;
    }

    /// <summary>
    /// Per-sample convolution as ONE grouped convolution: the input becomes <c>[1, B*C, ...]</c>, the weight
    /// <c>[B*out, in/g, k...]</c>, the groups <c>B*g</c>; the output is reshaped back to <c>[B, out, ...]</c>.
    /// The spatial rank (1, 2 or 3) is taken from the input.
    /// </summary>
    /// <param name="input"><c>[B, in, spatial...]</c>.</param>
    /// <param name="weight"><c>[B, out, in/groups, k...]</c>.</param>
    /// <param name="bias"><c>[B, out]</c> or null.</param>
    /// <param name="stride">One entry per spatial dimension.</param>
    /// <param name="padding">One entry per spatial dimension.</param>
    /// <param name="dilation">One entry per spatial dimension.</param>
    /// <param name="groups">Groups of the convolution for one sample.</param>
    public static Tensor Conv(Tensor input, Tensor weight, Tensor? bias, long[] stride, long[] padding, long[] dilation, long groups)
    {
        var batch = input.size(0);
        var x = input.reshape(Folded(Dims.Of(input), batch));
        var w = weight.reshape(Folded(Dims.Of(weight), batch, keepFirst: false));
        var b = bias?.reshape(-1);
        var y = ConvFunctional.Convolve(x, w, b, stride, padding, dilation, groups * batch);
        return y.reshape(Unfolded(Dims.Of(y), batch));
    }

    /// <summary>
    /// Per-sample transposed convolution as ONE grouped transposed convolution: input <c>[1, B*in, ...]</c>, weight
    /// <c>[B*in, out/g, k...]</c>, groups <c>B*g</c>; the output is reshaped back to <c>[B, out, ...]</c>.
    /// </summary>
    /// <param name="input"><c>[B, in, spatial...]</c>.</param>
    /// <param name="weight"><c>[B, in, out/groups, k...]</c>.</param>
    /// <param name="bias"><c>[B, out]</c> or null.</param>
    /// <param name="stride">One entry per spatial dimension.</param>
    /// <param name="padding">One entry per spatial dimension.</param>
    /// <param name="outputPadding">One entry per spatial dimension.</param>
    /// <param name="dilation">One entry per spatial dimension.</param>
    /// <param name="groups">Groups of the transposed convolution for one sample.</param>
    public static Tensor ConvTranspose(Tensor input, Tensor weight, Tensor? bias, long[] stride, long[] padding, long[] outputPadding,
        long[] dilation, long groups)
    {
        var batch = input.size(0);
        var x = input.reshape(Folded(Dims.Of(input), batch));
        var w = weight.reshape(Folded(Dims.Of(weight), batch, keepFirst: false));
        var b = bias?.reshape(-1);
        var y = ConvFunctional.ConvolveTransposed(x, w, b, stride, padding, outputPadding, dilation, groups * batch);
        return y.reshape(Unfolded(Dims.Of(y), batch));
    }

    /// <summary>
    /// LoRA on a frozen linear layer, per sample: <c>y = x Wᵀ + b + scale * (x A[b]ᵀ) B[b]ᵀ</c>, computed through the
    /// rank-r bottleneck with two <c>bmm</c>s; the full <c>[out, in]</c> delta is never formed.
    /// </summary>
    /// <param name="input"><c>[B, in]</c> or <c>[B, T, in]</c>.</param>
    /// <param name="frozenWeight"><c>[out, in]</c>, shared by all samples.</param>
    /// <param name="frozenBias"><c>[out]</c> or null.</param>
    /// <param name="a"><c>[B, r, in]</c>.</param>
    /// <param name="b"><c>[B, out, r]</c>.</param>
    /// <param name="scale"><c>alpha / r</c>.</param>
    public static Tensor LoraLinear(Tensor input, Tensor frozenWeight, Tensor? frozenBias, Tensor a, Tensor b, double scale)
    {
        var sequence = input.dim() == 3;
        var x = sequence ? input : input.unsqueeze(1);
        var low = x.bmm(a.transpose(1, 2));                 // [B, T, r]
        var delta = low.bmm(b.transpose(1, 2));             // [B, T, out]
        var y = nn.functional.linear(x, frozenWeight, frozenBias).add(delta, scale);
        return sequence ? y : y.squeeze(1);
    }

    // [B, C, rest...] -> [1, B*C, rest...] (keepFirst) or [B*C, rest...].
    private static long[] Folded(long[] shape, long batch, bool keepFirst = true)
    {
        var rest = shape.Skip(2);
        var folded = new[] { batch * shape[1] }.Concat(rest);
        return (keepFirst ? new[] { 1L }.Concat(folded) : folded).ToArray();
    }

    // [1, B*C, rest...] -> [B, C, rest...].
    private static long[] Unfolded(long[] shape, long batch) =>
        new[] { batch, shape[1] / batch }.Concat(shape.Skip(2)).ToArray();
}
