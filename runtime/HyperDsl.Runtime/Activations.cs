using static TorchSharp.torch;

namespace HyperDsl.Runtime;

/// <summary>Applies an <see cref="ActivationKind"/> to a tensor; the one place activations are mapped to TorchSharp.</summary>
public static class Activations
{
    /// <summary>Returns <paramref name="kind"/> applied to <paramref name="x"/> (Softmax over the last dimension).</summary>
    /// <param name="x">Any tensor.</param>
    /// <param name="kind">The activation.</param>
    /// <param name="negativeSlope">Slope for negative inputs of <see cref="ActivationKind.LeakyReLU"/>.</param>
    public static Tensor Apply(Tensor x, ActivationKind kind, double negativeSlope = 0.01) => kind switch
    {
        ActivationKind.ReLU => nn.functional.relu(x),
        ActivationKind.LeakyReLU => nn.functional.leaky_relu(x, negativeSlope),
        ActivationKind.GELU => nn.functional.gelu(x),
        ActivationKind.SiLU => nn.functional.silu(x),
        ActivationKind.Tanh => x.tanh(),
        ActivationKind.Sigmoid => x.sigmoid(),
        ActivationKind.Softmax => x.softmax(-1),
        ActivationKind.Identity => x.alias(),
        ActivationKind.ReLU6 => nn.functional.relu6(x),
        ActivationKind.Hardswish => nn.functional.hardswish(x),
        ActivationKind.Hardsigmoid => nn.functional.hardsigmoid(x),
        ActivationKind.GELUTanh => nn.functional.gelu(x, TorchSharp.Modules.GELU.Approximate.tanh),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown activation."),
    };

    /// <summary>
    /// The gain torch.nn.init uses for <paramref name="kind"/> (sqrt 2 for ReLU, 5/3 for Tanh, ...): the factor by which
    /// a layer's weight standard deviation is raised so that the activation keeps the signal's second moment.
    /// </summary>
    /// <param name="kind">The activation that follows the layer.</param>
    /// <param name="negativeSlope">Slope of <see cref="ActivationKind.LeakyReLU"/>.</param>
    public static double Gain(ActivationKind kind, double negativeSlope = 0.01) => kind switch
    {
        ActivationKind.ReLU => Math.Sqrt(2.0),
        ActivationKind.LeakyReLU => Math.Sqrt(2.0 / (1 + negativeSlope * negativeSlope)),
        ActivationKind.Tanh => 5.0 / 3.0,
        // GELU and SiLU behave like ReLU for the second moment to a good approximation; torch.nn has no official gain.
        // ReLU6 and Hardswish likewise (they are ReLU-like where activations are small).
        ActivationKind.GELU or ActivationKind.GELUTanh or ActivationKind.SiLU or ActivationKind.ReLU6 or ActivationKind.Hardswish => Math.Sqrt(2.0),
        _ => 1.0,
    };
}
