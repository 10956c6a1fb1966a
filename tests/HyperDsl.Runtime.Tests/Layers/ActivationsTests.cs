using static TorchSharp.torch;

namespace HyperDsl.Runtime.Tests.Layers;

/// <summary>The activations a hypernetwork body can use (Activations.Apply) against their closed forms.</summary>
public sealed class ActivationsTests
{
    [Fact]
    public void TorchvisionActivationsMatchTheirClosedForms()
    {
        var x = linspace(-8, 8, 33);
        TensorAssert.Close(x.clamp(0, 6), Activations.Apply(x, ActivationKind.ReLU6), 1e-6);
        TensorAssert.Close(x * (x + 3).clamp(0, 6) / 6, Activations.Apply(x, ActivationKind.Hardswish), 1e-6);
        TensorAssert.Close((x + 3).clamp(0, 6) / 6, Activations.Apply(x, ActivationKind.Hardsigmoid), 1e-6);
        TensorAssert.Close(0.5 * x * (1 + ((x + 0.044715 * x.pow(3)) * Math.Sqrt(2 / Math.PI)).tanh()), Activations.Apply(x, ActivationKind.GELUTanh), 1e-5);
        Assert.Equal(Math.Sqrt(2), Activations.Gain(ActivationKind.Hardswish));
        Assert.Equal(1.0, Activations.Gain(ActivationKind.Hardsigmoid));
    }
}
