using static TorchSharp.torch;

namespace HyperDsl.Runtime.Init;

/// <summary>
/// The initialisation torch.nn gives its Linear and Conv layers: weight by Kaiming-uniform with a = sqrt(5), which is
/// U(-1/sqrt(fan_in), 1/sqrt(fan_in)), and bias by the same bound. Own parameters of target layers use it so a
/// HyperDsl layer starts like the torch.nn layer it replaces.
/// </summary>
public static class TorchDefaultInit
{
    /// <summary>Fills <paramref name="tensor"/> in place with U(-1/sqrt(fanIn), 1/sqrt(fanIn)) without recording gradients.</summary>
    /// <param name="tensor">The weight or bias to fill.</param>
    /// <param name="fanIn">The fan-in torch.nn uses for the layer (dimension 1 of the weight times the kernel volume).</param>
    public static void Uniform(Tensor tensor, long fanIn)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fanIn);
        var bound = 1.0 / Math.Sqrt(fanIn);
        using var noGrad = no_grad();
        tensor.uniform_(-bound, bound);
    }

    /// <summary>
    /// Creates a parameter of <paramref name="shape"/> initialised by <see cref="Uniform"/>; frozen ones do not
    /// require gradients.
    /// </summary>
    /// <param name="shape">Parameter shape.</param>
    /// <param name="fanIn">Fan-in for the bound.</param>
    /// <param name="trainable">False for frozen parameters.</param>
    public static TorchSharp.Modules.Parameter Parameter(long[] shape, long fanIn, bool trainable)
    {
        var data = empty(shape);
        Uniform(data, fanIn);
        // A module's parameters outlive any DisposeScope the module happens to be built in (as torch.nn's do).
        var parameter = new TorchSharp.Modules.Parameter(data, requires_grad: trainable);
        parameter.DetachFromDisposeScope();
        return parameter;
    }
}
