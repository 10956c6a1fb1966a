using HyperDsl.Examples.Shared.Data;
using HyperDsl.Examples.Shared.Metrics;
using HyperDsl.Examples.Shared.Reporting;
using HyperDsl.Examples.Shared.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Examples.NoiseEnsemble;

/// <summary>Sizes and training settings.</summary>
public sealed record EnsembleSettings(int TrainCount, int TestCount, EpochSchedule Training, int Samples);

/// <summary>
/// One trained model, measured: how well the predictive variance over k draws separates out-of-distribution from
/// in-distribution inputs (AUC), the ratio of mean variances, and the in-distribution error of the ensemble mean.
/// </summary>
public sealed record UncertaintyRun(string Method, MethodKind Kind, int Seed, double Auc, double VarianceRatio,
    double InDistributionVariance, double OutOfDistributionVariance, double InDistributionMse, double[] EpochLosses);

/// <summary>Trains an ensemble model and measures its uncertainty in and out of distribution.</summary>
public static class UncertaintyEvaluation
{
    /// <summary>Trains the model from <paramref name="create"/> and measures it.</summary>
    public static UncertaintyRun Run(RegressionSamples train, RegressionSamples inDistribution, RegressionSamples outOfDistribution,
        Func<IEnsembleModel> create, EnsembleSettings settings, Device device, int seed, Func<string, IProgressTask> start)
    {
        using var scope = NewDisposeScope();
        var x = TensorData.Matrix(train.Inputs, device);
        var y = TensorData.Vector(train.Targets, device);
        torch.manual_seed(seed);
        using var model = create();
        var progress = start(model.Name);
        var losses = MiniBatchTraining.Run(model.Module, train.Targets.Length, settings.Training, device, seed, progress,
            index => model.Loss(x.index_select(0, index), y.index_select(0, index)));

        model.Module.eval();
        torch.manual_seed(seed + 1);   // the k draws at test time are seeded too
        using var _ = no_grad();
        var (idMean, idVariance) = model.Predict(TensorData.Matrix(inDistribution.Inputs, device), settings.Samples);
        var (_, oodVariance) = model.Predict(TensorData.Matrix(outOfDistribution.Inputs, device), settings.Samples);
        var id = TensorData.ToDoubles(idVariance);
        var ood = TensorData.ToDoubles(oodVariance);
        var scores = id.Concat(ood).ToArray();
        var isOod = id.Select(_ => false).Concat(ood.Select(_ => true)).ToArray();
        var mean = TensorData.ToDoubles(idMean);
        var mse = mean.Zip(inDistribution.Targets, (p, t) => (p - t) * (p - t)).Average();
        return new UncertaintyRun(model.Name, model.Kind, seed, Metric.Auc(scores, isOod), ood.Average() / Math.Max(id.Average(), 1e-12),
            id.Average(), ood.Average(), mse, losses);
    }
}
