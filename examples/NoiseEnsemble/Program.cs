using System.Diagnostics;
using System.Globalization;
using HyperDsl.Examples.NoiseEnsemble;
using HyperDsl.Examples.Shared.Cli;
using HyperDsl.Examples.Shared.Data;
using HyperDsl.Examples.Shared.Metrics;
using HyperDsl.Examples.Shared.Reporting;

// Noise-conditioned hypernetwork ensemble (review of hypernetworks, "uncertainty by noise"): k noise samples generate k
// regressors. Claim measured: their predictive variance is larger out of distribution than in distribution, and
// separates the two (AUC) better than MC dropout on the same regressor.
return ExperimentCommand.Run(args, "NoiseEnsemble", "Noise-conditioned ensemble: predictive variance in vs. out of distribution.", options =>
{
    var clock = Stopwatch.StartNew();
    var device = options.SelectDevice();
    var settings = new EnsembleSettings(
        TrainCount: options.Size(2000, 5000), TestCount: options.Size(1000, 2000),
        Epochs: options.Size(40, 100), BatchSize: 64, LearningRate: 2e-3, Samples: 10);
    var seeds = Enumerable.Range(options.Seed, options.Size(2, 3)).ToList();
    var methods = EnsembleMethods.Create(device);

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
                var task = progress.Start($"seed {seed} method {m + 1}/{methods.Count}", settings.Epochs);
                all.Add(UncertaintyEvaluation.Run(train, inDistribution, outOfDistribution, methods[m], settings, device, seed * 10 + m, task));
            }
        }
        return all;
    });

    var groups = runs.GroupBy(r => (r.Method, r.Kind)).ToList();
    var rows = groups.Select(g =>
    {
        var (mean, std) = Metric.MeanStd(g.Select(r => r.Auc).ToList());
        return new ResultRow(g.Key.Method, g.Key.Kind, mean, std);
    }).ToList();
    string F(double v) => ResultsWriter.Format(v);
    var results = new ExperimentResults("NoiseEnsemble", "OOD-detection AUC of predictive variance", HigherIsBetter: true, rows)
    {
        Details =
        [
            new DetailTable("Predictive variance in and out of distribution (mean over seeds)",
                ["method", "ID variance", "OOD variance", "OOD / ID", "ID MSE of the mean"],
                groups.Select(g => (IReadOnlyList<string>)
                [
                    g.Key.Method, F(g.Average(r => r.InDistributionVariance)), F(g.Average(r => r.OutOfDistributionVariance)),
                    F(g.Average(r => r.VarianceRatio)), F(g.Average(r => r.InDistributionMse)),
                ]).ToList()),
        ],
        Notes =
        [
            $"{(options.Quick ? "quick" : "full")} run: {settings.TrainCount} training inputs ~ N(0, I_8); ID test ~ N(0, I_8); OOD test ~ N(0, {NoiseData.OutOfDistributionScale.ToString(CultureInfo.InvariantCulture)}² I_8); k = {settings.Samples} draws",
            $"seeds {string.Join(", ", seeds)}; {settings.Epochs} epochs; value = AUC of the predictive variance as an OOD score, mean over seeds, std across seeds",
            string.Create(CultureInfo.InvariantCulture, $"wall time {clock.Elapsed.TotalSeconds:0} s"),
        ],
    };
    ResultsWriter.Write(options.OutputDirectory, results);
    var curves = groups.Select(g => new Curve(g.Key.Method, Enumerable.Range(0, settings.Epochs).Select(e => g.Average(r => r.EpochLosses[e])).ToArray())).ToList();
    var bars = new BarGroups("mean predictive variance", "variance", ["in distribution", "out of distribution"],
        groups.Select(g => (g.Key.Method, (IReadOnlyList<double>)[g.Average(r => r.InDistributionVariance), g.Average(r => r.OutOfDistributionVariance)])).ToList());
    CurvesFigure.Save(options.OutputDirectory, "Noise ensemble: training loss (mean over seeds)", "training MSE", curves, bars);
    ResultsTable.Print(results);
    Console.WriteLine($"Wrote {options.OutputDirectory}/results.json, results.md, curves.png in {clock.Elapsed.TotalSeconds:0.0} s.");
    return 0;
});
