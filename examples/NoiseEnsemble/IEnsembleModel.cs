using HyperDsl.Examples.Shared.Reporting;
using static TorchSharp.torch;

namespace HyperDsl.Examples.NoiseEnsemble;

/// <summary>A regressor that can draw k different predictions per input (noise samples, dropout masks).</summary>
public interface IEnsembleModel : IDisposable
{
    /// <summary>Row name in the results.</summary>
    string Name { get; }

    /// <summary>Hypernetwork or baseline.</summary>
    MethodKind Kind { get; }

    /// <summary>The trained module (already on the training device).</summary>
    nn.Module Module { get; }

    /// <summary>Training loss of a batch (one stochastic draw per sample).</summary>
    Tensor Loss(Tensor x, Tensor y);

    /// <summary>Predictive mean and variance over <paramref name="k"/> draws, each [B].</summary>
    (Tensor Mean, Tensor Variance) Predict(Tensor x, int k);
}
