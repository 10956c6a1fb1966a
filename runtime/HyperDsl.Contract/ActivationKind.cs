namespace HyperDsl.Runtime;

/// <summary>The element-wise activations a <c>.hyp</c> file can name (hypernetwork bodies and forward programs).</summary>
public enum ActivationKind
{
    /// <summary>max(0, x).</summary>
    ReLU,
    /// <summary>x for x &gt;= 0, otherwise slope * x.</summary>
    LeakyReLU,
    /// <summary>Gaussian error linear unit (exact erf form).</summary>
    GELU,
    /// <summary>x * sigmoid(x), also called swish.</summary>
    SiLU,
    /// <summary>Hyperbolic tangent.</summary>
    Tanh,
    /// <summary>Logistic sigmoid.</summary>
    Sigmoid,
    /// <summary>Softmax over the last dimension.</summary>
    Softmax,
    /// <summary>No activation.</summary>
    Identity,
    /// <summary>min(max(0, x), 6).</summary>
    ReLU6,
    /// <summary>x * relu6(x + 3) / 6 (MobileNetV3).</summary>
    Hardswish,
    /// <summary>relu6(x + 3) / 6, a piecewise-linear sigmoid.</summary>
    Hardsigmoid,
    /// <summary>GELU's tanh approximation: 0.5 x (1 + tanh(sqrt(2/π) (x + 0.044715 x³))).</summary>
    GELUTanh,
}
