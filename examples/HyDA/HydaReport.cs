using System.Globalization;
using HyperDsl.Examples.Shared.Cli;
using HyperDsl.Examples.Shared.Metrics;
using HyperDsl.Examples.Shared.Reporting;

namespace HyperDsl.Examples.HyDA;

/// <summary>Turns fold results into results.json rows (mean held-out MAE, std across held-out domains), tables and the figure.</summary>
public static class HydaReport
{
    /// <summary>Per method: the held-out MAE of each domain, averaged over seeds.</summary>
    public static IReadOnlyList<(string Method, MethodKind Kind, double[] PerDomain)> PerDomain(HydaSetup setup, IReadOnlyList<FoldResult> folds) =>
        folds.GroupBy(f => (f.Method, f.Kind))
             .Select(g => (g.Key.Method, g.Key.Kind,
                 Enumerable.Range(0, setup.Domains).Select(d => g.Where(f => f.HeldOut == d).Average(f => f.Mae)).ToArray()))
             .ToList();

    /// <summary>The results: one row per method, value = mean held-out MAE (years), std across held-out domains.</summary>
    public static ExperimentResults Build(HydaSetup setup, IReadOnlyList<FoldResult> folds, ExperimentOptions options, TimeSpan elapsed)
    {
        var perDomain = PerDomain(setup, folds);
        var rows = perDomain.Select(m =>
        {
            var (mean, std) = Metric.MeanStd(m.PerDomain);
            return new ResultRow(m.Method, m.Kind, mean, std);
        }).ToList();
        var columns = new List<string> { "held-out domain (θ)" };
        columns.AddRange(perDomain.Select(m => m.Method));
        var tableRows = Enumerable.Range(0, setup.Domains).Select(d =>
        {
            var cells = new List<string> { string.Create(CultureInfo.InvariantCulture, $"d{d} ({BrainAgeData.DomainParameter(d, setup.Domains):+0.00;-0.00})") };
            cells.AddRange(perDomain.Select(m => ResultsWriter.Format(m.PerDomain[d])));
            return (IReadOnlyList<string>)cells;
        }).ToList();
        var sourceRows = folds.GroupBy(f => f.Method)
            .Select(g => (IReadOnlyList<string>)[g.Key, ResultsWriter.Format(g.Average(f => f.SourceMae)), ResultsWriter.Format(g.Average(f => f.Mae))])
            .ToList();
        return new ExperimentResults("HyDA", "held-out MAE (years)", HigherIsBetter: false, rows)
        {
            Details =
            [
                new DetailTable("Held-out MAE per domain (years, mean over seeds)", columns, tableRows),
                new DetailTable("Source (training domains) vs held-out MAE (years, mean over folds and seeds)", ["method", "source MAE", "held-out MAE"], sourceRows),
            ],
            Notes =
            [
                $"{options.SizeName} run: {setup.Domains} domains, {setup.TrainPerDomain} training and {setup.TestPerDomain} test subjects per domain, {setup.Features} features",
                $"seeds {string.Join(", ", setup.Seeds)}; {setup.Training.Epochs} epochs, batch {setup.Training.BatchSize}, AdamW lr {setup.Training.LearningRate.ToString(CultureInfo.InvariantCulture)}, weight decay {setup.Training.WeightDecay.ToString(CultureInfo.InvariantCulture)}, cosine schedule",
                "value = mean over held-out domains of the MAE on that domain (each averaged over seeds); std = across held-out domains",
                string.Create(CultureInfo.InvariantCulture, $"wall time {elapsed.TotalSeconds:0} s on {options.SelectDevice().type}"),
            ],
        };
    }

    /// <summary>curves.png: mean training loss per epoch for each method, and held-out MAE per domain as bars.</summary>
    public static void SaveFigure(string directory, HydaSetup setup, IReadOnlyList<FoldResult> folds)
    {
        var curves = folds.GroupBy(f => f.Method)
            .Select(g => new Curve(g.Key, Enumerable.Range(0, setup.Training.Epochs).Select(e => g.Average(f => f.EpochLosses[e])).ToArray()))
            .ToList();
        var bars = new MetricBars("held-out MAE per domain (years)", HigherIsBetter: false,
            Enumerable.Range(0, setup.Domains).Select(d => $"d{d}").ToList(),
            folds.GroupBy(f => f.Method).Select(g => new MetricSeries(g.Key,
                Enumerable.Range(0, setup.Domains).Select(d => (IReadOnlyList<double>)g.Where(f => f.HeldOut == d).Select(f => f.Mae).ToList()).ToList())).ToList());
        CurvesFigure.Save(directory, "HyDA", [new CurvePanel("training loss (mean over folds)", curves), bars]);
    }
}
