using System.Diagnostics;
using System.Globalization;
using HyperDsl.Examples.NoiseEnsemble;
using HyperDsl.Examples.Shared.Cli;
using HyperDsl.Examples.Shared.Data;
using HyperDsl.Examples.Shared.Reporting;
using HyperDsl.Examples.Shared.Training;

// Noise-conditioned hypernetwork ensemble (review of hypernetworks, "uncertainty by noise"): k noise samples generate k
// regressors. Claims measured (UncertaintyReport): their predictive variance is larger out of distribution than in
// distribution, and separates the two (AUC) at least as well as MC dropout, at one training's cost; the
// in-distribution error of each ensemble's mean is reported beside it.
return ExperimentCommand.Run(args, "NoiseEnsemble", "Noise-conditioned ensemble: predictive variance in vs. out of distribution.", options =>
{
    var clock = Stopwatch.StartNew();
    var device = options.SelectDevice();
    var settings = new EnsembleSettings(
        TrainCount: options.Size(128, 2000, 4000), TestCount: options.Size(64, 1000, 2000),
        Training: new EpochSchedule(Epochs: options.Size(2, 40, 60), BatchSize: 64, LearningRate: 2e-3, WeightDecay: 1e-4), Samples: 10);
    var seeds = options.Seeds;
    var methods = EnsembleMethods.Create(settings.Samples, device);

    var runs = ExperimentProgress.Run(progress =>
    {
        var all = new List<UncertaintyRun>();
        foreach (var seed in seeds)
        {
            var data = new NoiseData(seed);
            var random = new SeededRandom(seed + 104729);
            var train = data.Sample(settings.TrainCount, 1.0, random);
            var inDistribution = data.Sample(settings.TestCount, 1.0, random);
            var outOfDistribution = data.Sample(settings.TestCount, NoiseData.OutOfDistributionScale, random);
            for (var m = 0; m < methods.Count; m++)
            {
                var label = $"seed {seed} {m + 1}/{methods.Count}";
                all.Add(UncertaintyEvaluation.Run(train, inDistribution, outOfDistribution, methods[m], settings, device, seed * 10 + m,
                    name => progress.Start($"{label} {name}", settings.Training.Epochs, "epochs")));
            }
        }
        return all;
    });

    var results = UncertaintyReport.Build(runs, settings, seeds, options.SizeName, clock.Elapsed);
    ResultsWriter.Write(options.OutputDirectory, results);
    UncertaintyReport.SaveFigure(options.OutputDirectory, runs, settings);
    ResultsTable.Print(results);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Wrote {options.OutputDirectory}/results.json, results.md, curves.png in {clock.Elapsed.TotalSeconds:0.0} s."));
    return 0;
});
