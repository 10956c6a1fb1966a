using HyperDsl.Examples.Shared.Reporting;
using static TorchSharp.torch;

namespace HyperDsl.Examples.HyDA;

/// <summary>A model the leave-one-domain-out protocol trains and evaluates: the baseline or the generated HyDA model.</summary>
public interface IAgeModel : IDisposable
{
    /// <summary>Row name in the results.</summary>
    string Name { get; }

    /// <summary>Hypernetwork or baseline.</summary>
    MethodKind Kind { get; }

    /// <summary>The module whose parameters are trained (already on the training device).</summary>
    nn.Module Module { get; }

    /// <summary>The total training loss of a batch: task loss plus whatever the model adds (domain losses, regularisers).</summary>
    /// <param name="features">[B, F] standardised features.</param>
    /// <param name="target">[B] normalised age.</param>
    /// <param name="domain">[B] int64 training-domain index.</param>
    Tensor Loss(Tensor features, Tensor target, Tensor domain);

    /// <summary>Normalised age predictions [B] (evaluation mode, no gradients needed).</summary>
    Tensor Predict(Tensor features);
}
