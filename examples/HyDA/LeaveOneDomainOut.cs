using HyperDsl.Examples.Shared.Data;
using HyperDsl.Examples.Shared.Metrics;
using HyperDsl.Examples.Shared.Reporting;
using HyperDsl.Examples.Shared.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Examples.HyDA;

/// <summary>One model trained without one domain: its MAE (years) on that domain and its mean training loss per epoch.</summary>
public sealed record FoldResult(string Method, MethodKind Kind, int HeldOut, double Mae, double SourceMae, double[] EpochLosses)
{
    /// <summary>The seed of the repetition (data, initialisation) the fold belongs to.</summary>
    public int Seed { get; init; }
}

/// <summary>
/// Leave-one-domain-out: train on every domain but one, measure MAE on the held-out one. Features are standardised
/// with statistics of the training domains only, so nothing about the held-out scanner leaks into training.
/// </summary>
public static class LeaveOneDomainOut
{
    /// <summary>Trains the model made by <paramref name="create"/> without domain <paramref name="heldOut"/> and evaluates it there.</summary>
    public static FoldResult RunFold(
        IReadOnlyList<DomainSamples> train, IReadOnlyList<DomainSamples> test, int heldOut,
        Func<IAgeModel> create, EpochSchedule settings, Device device, int seed, IProgressTask progress)
    {
        using var scope = NewDisposeScope();
        var sources = train.Where(d => d.Domain != heldOut).ToList();
        var target = test.Single(d => d.Domain == heldOut);

        var x = TensorData.Matrix(sources.SelectMany(d => d.Features).ToList());
        var mean = x.mean([0], keepdim: true);
        var std = x.std([0], keepdim: true) + 1e-6;
        x = ((x - mean) / std).to(device);
        var y = TensorData.Vector(sources.SelectMany(d => d.Ages.Select(Normalise)).ToList(), device);
        // Domain labels are the index among the source domains: the classifier has one output per source domain.
        var labels = TensorData.Labels(sources.SelectMany((d, i) => Enumerable.Repeat(i, d.Ages.Length)).ToList(), device);
        var xTest = ((TensorData.Matrix(target.Features) - mean) / std).to(device);

        torch.manual_seed(seed);
        using var model = create();
        var losses = MiniBatchTraining.Run(model.Module, (int)x.shape[0], settings, device, seed, progress,
            index => model.Loss(x.index_select(0, index), y.index_select(0, index), labels.index_select(0, index)));

        model.Module.eval();
        double[] predicted, fitted;
        using (no_grad())
        {
            predicted = TensorData.ToDoubles(model.Predict(xTest)).Select(Denormalise).ToArray();
            fitted = TensorData.ToDoubles(model.Predict(x)).Select(Denormalise).ToArray();
        }
        // The source-domain (training) MAE tells under-fitting from failure to transfer to the held-out scanner.
        var sourceMae = Metric.Mae(fitted, sources.SelectMany(d => d.Ages).ToArray());
        return new FoldResult(model.Name, model.Kind, heldOut, Metric.Mae(predicted, target.Ages), sourceMae, losses);
    }

    /// <summary>Age in years → regression target.</summary>
    public static double Normalise(double age) => (age - BrainAgeData.AgeMean) / BrainAgeData.AgeHalfRange;

    /// <summary>Regression output → age in years.</summary>
    public static double Denormalise(double value) => BrainAgeData.AgeMean + BrainAgeData.AgeHalfRange * value;
}
