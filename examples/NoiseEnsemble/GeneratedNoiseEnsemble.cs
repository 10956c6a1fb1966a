using HyperDsl.Examples.Shared.Reporting;
using TorchSharp;
using static TorchSharp.torch;
using Model = HyperDsl.Examples.NoiseEnsemble.teaching.NoiseEnsemble;
using ModelCondition = HyperDsl.Examples.NoiseEnsemble.teaching.NoiseEnsembleCondition;

namespace HyperDsl.Examples.NoiseEnsemble;

/// <summary>
/// The noise-conditioned ensemble of examples/teaching/noise.hyp through its generated class: every sample of a batch
/// draws its own noise vector, so training fits a distribution of regressors; at test time k draws give the
/// predictive mean and variance (the generated <c>Ensemble</c> member). The training loss is the declared MSE and L2
/// penalty minus λ times the entropy estimate of <see cref="WeightEntropy"/>, which keeps the members diverse.
/// </summary>
public sealed class GeneratedNoiseEnsemble : IEnsembleModel
{
    static readonly ModelCondition NoExtraCondition = new();   // the noise condition samples itself
    readonly Model model;
    readonly double entropyWeight;

    /// <summary>Builds the generated model on <paramref name="device"/>; <paramref name="entropyWeight"/> is λ (0: the declared loss alone).</summary>
    public GeneratedNoiseEnsemble(double entropyWeight, Device device)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(entropyWeight);
        this.entropyWeight = entropyWeight;
        model = new Model();
        model.to(device);
    }

    /// <inheritdoc/>
    public string Name => entropyWeight > 0 ? UncertaintyReport.NoiseEnsembleRow : UncertaintyReport.NoiseEnsembleWithoutEntropyRow;

    /// <inheritdoc/>
    public MethodKind Kind => MethodKind.Hypernet;

    /// <inheritdoc/>
    public nn.Module Module => model;

    /// <inheritdoc/>
    public Tensor Loss(Tensor x, Tensor y)
    {
        var generated = model.Generate(NoExtraCondition, x);
        var prediction = model.regressor.forward(x, generated).squeeze(-1);
        var loss = model.Loss(prediction, y) + model.RegularizationLoss(generated);
        return entropyWeight > 0 ? loss - WeightEntropy.MeanLogStd(generated) * entropyWeight : loss;
    }

    /// <inheritdoc/>
    public (Tensor Mean, Tensor Variance) Predict(Tensor x, int k)
    {
        var (mean, variance) = model.Ensemble(NoExtraCondition, x, k);
        return (mean.squeeze(-1), variance.squeeze(-1));
    }

    /// <inheritdoc/>
    public void Dispose() => model.Dispose();
}
