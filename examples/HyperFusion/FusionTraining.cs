using HyperDsl.Examples.Shared.Data;
using HyperDsl.Examples.Shared.Metrics;
using HyperDsl.Examples.Shared.Reporting;
using HyperDsl.Examples.Shared.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Examples.HyperFusion;

/// <summary>The two targets of the experiment.</summary>
public enum FusionTarget
{
    /// <summary>y itself; loss MSE, metric MAE (lower is better).</summary>
    Regression,
    /// <summary>y &gt; 0; loss binary cross-entropy on the logit, metric AUC (higher is better).</summary>
    Classification,
}

/// <summary>One method trained on one target with one seed: its test metric and mean training loss per epoch.</summary>
public sealed record FusionRun(string Method, MethodKind Kind, FusionTarget Target, int Seed, double Metric, double[] EpochLosses);

/// <summary>Trains a fusion model on the training subjects and measures it on the test subjects.</summary>
public static class FusionTraining
{
    /// <summary>The metric's name for results.</summary>
    public static string MetricName(FusionTarget target) => target == FusionTarget.Regression ? "test MAE" : "test AUC";

    /// <summary>
    /// Trains the model from <paramref name="create"/> on <paramref name="target"/> and evaluates it; <paramref name="start"/>
    /// starts the progress task once the model (and so its name) exists.
    /// </summary>
    public static FusionRun Run(FusionSamples train, FusionSamples test, FusionTarget target, Func<IFusionModel> create,
        EpochSchedule settings, Device device, int seed, Func<string, IProgressTask> start)
    {
        using var scope = NewDisposeScope();
        var (images, tabular, y) = ToTensors(train, target, device);
        var (testImages, testTabular, _) = ToTensors(test, target, device);

        torch.manual_seed(seed);
        using var model = create();
        var progress = start(model.Name);
        var losses = MiniBatchTraining.Run(model.Module, train.Count, settings, device, seed, progress, index =>
        {
            var (xb, tb, yb) = (images.index_select(0, index), tabular.index_select(0, index), y.index_select(0, index));
            var (output, regularization) = model.ForwardForTraining(xb, tb);
            var loss = target == FusionTarget.Regression
                ? nn.functional.mse_loss(output, yb)
                : nn.functional.binary_cross_entropy_with_logits(output, yb);
            return loss + regularization;
        });

        model.Module.eval();
        double[] predicted;
        using (no_grad())
            predicted = TensorData.ToDoubles(model.Forward(testImages, testTabular));
        var metric = target == FusionTarget.Regression
            ? Metric.Mae(predicted, test.Regression)
            : Metric.Auc(predicted, test.Labels.Select(l => l == 1).ToArray());
        return new FusionRun(model.Name, model.Kind, target, seed, metric, losses);
    }

    static (Tensor Images, Tensor Tabular, Tensor Target) ToTensors(FusionSamples s, FusionTarget target, Device device) =>
        (tensor(s.Images, [s.Count, 1, s.ImageSize, s.ImageSize]).to(device),
         TensorData.Matrix(s.Tabular, device),
         target == FusionTarget.Regression ? TensorData.Vector(s.Regression, device) : TensorData.Vector(s.Labels.Select(l => (double)l).ToList(), device));
}
