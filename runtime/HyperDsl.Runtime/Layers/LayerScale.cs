using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Layers;

/// <summary>
/// Layer scale (CaiT, ConvNeXt): one learned tensor multiplied into a residual branch, registered by the network
/// under the statement's own path (ConvNeXt's <c>features.1.0.layer_scale</c> <c>[C, 1, 1]</c>), not as a module.
/// </summary>
public static class LayerScale
{
    /// <summary>
    /// A trainable parameter of <paramref name="shape"/> with every entry <paramref name="init"/>, kept alive when
    /// the model is built inside a DisposeScope (it is detached from it).
    /// </summary>
    public static Parameter Create(long[] shape, double init)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var parameter = new Parameter(full(shape, init));
        parameter.DetachFromDisposeScope();
        return parameter;
    }
}
