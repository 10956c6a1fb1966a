using System.Diagnostics;
using System.Globalization;
using HyperDsl.Examples.HyDA;
using HyperDsl.Examples.Shared.Cli;
using HyperDsl.Examples.Shared.Data;
using HyperDsl.Examples.Shared.Metrics;
using HyperDsl.Examples.Shared.Reporting;

// HyDA (Serebro & Riklin-Raviv): a domain classifier's embedding conditions a hypernetwork that generates the head
// layers of the primary network. Claims (HydaReport): held-out MAE over leave-one-domain-out folds is lower with the
// hypernetwork than with the same primary network without it, on the interior (interpolated) scanners as well as on the
// two extremes.
return ExperimentCommand.Run(args, "HyDA", "HyDA: leave-one-domain-out brain-age regression, hypernetwork vs. no hypernetwork.", options =>
{
    var clock = Stopwatch.StartNew();
    var device = options.SelectDevice();
    var setup = HydaSetup.For(options);
    var methods = HydaSetup.Methods(setup, device);

    var folds = ExperimentProgress.Run(progress =>
    {
        var all = new List<FoldResult>();
        foreach (var seed in setup.Seeds)
        {
            var data = new BrainAgeData(setup.Features, seed, setup.Effects);
            var random = new SeededRandom(seed + 7919);
            var train = Enumerable.Range(0, setup.Domains).Select(d => data.Sample(d, setup.Domains, setup.TrainPerDomain, random)).ToList();
            var test = Enumerable.Range(0, setup.Domains).Select(d => data.Sample(d, setup.Domains, setup.TestPerDomain, random)).ToList();
            for (var heldOut = 0; heldOut < setup.Domains; heldOut++)
                foreach (var (name, create) in methods)
                {
                    var task = progress.Start($"seed {seed} held-out d{heldOut} {name}", setup.Training.Epochs, "epochs");
                    all.Add(LeaveOneDomainOut.RunFold(train, test, heldOut, create, setup.Training, device, seed * 100 + heldOut, task) with { Seed = seed });
                }
        }
        return all;
    });

    var results = HydaReport.Build(setup, folds, options, clock.Elapsed);
    ResultsWriter.Write(options.OutputDirectory, results);
    HydaReport.SaveFigure(options.OutputDirectory, setup, folds);
    ResultsTable.Print(results);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Wrote {options.OutputDirectory}/results.json, results.md, curves.png in {clock.Elapsed.TotalSeconds:0.0} s."));
    return 0;
});
