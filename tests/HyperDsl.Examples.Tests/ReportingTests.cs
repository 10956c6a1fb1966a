using HyperDsl.Examples.Shared.Reporting;

namespace HyperDsl.Examples.Tests;

public class ReportingTests
{
    [Fact]
    public void Curves_figure_is_a_png_with_one_panel_per_metric()
    {
        var dir = Path.Combine(Path.GetTempPath(), "hyperdsl-fig-" + Guid.NewGuid().ToString("N"));
        try
        {
            Curve[] curves = [new("hyper", [3, 2, 1.5]), new("baseline", [3, 2.5, 2])];
            var path = CurvesFigure.Save(dir, "t", [new CurvePanel("training loss", curves)]);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(path).Take(4));
            path = CurvesFigure.Save(dir, "t", [new CurvePanel("training loss", curves), Mae, Auc]);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(path).Take(4));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    static readonly MetricBars Mae = new("test MAE", HigherIsBetter: false, [""],
        [new MetricSeries("hyper", [[1.0, 2.0, 3.0]]), new MetricSeries("baseline", [[2.0, 2.0, 2.0]])]);

    static readonly MetricBars Auc = new("test AUC", HigherIsBetter: true, [""],
        [new MetricSeries("hyper", [[0.8, 0.9]]), new MetricSeries("baseline", [[0.7, 0.7]])]);

    [Fact]
    public void Each_metric_has_its_own_panel_titled_with_its_direction_error_bars_across_seeds_and_the_legend_outside()
    {
        var plots = CurvesFigure.Plots("HyperFusion", [new CurvePanel("training loss", [new Curve("hyper", [1.0, 0.5])]), Mae, Auc]);
        Assert.Equal(3, plots.Count);
        Assert.Equal("test MAE: lower is better", Mae.Title);
        Assert.Equal("test AUC: higher is better", Auc.Title);
        var maeBars = plots[1].GetPlottables<ScottPlot.Plottables.BarPlot>().SelectMany(b => b.Bars).ToList();
        Assert.Equal([2.0, 2.0], maeBars.Select(b => b.Value));
        Assert.Equal([1.0, 0.0], maeBars.Select(b => b.Error));          // sample standard deviation across the three seeds
        foreach (var plot in plots)
        {
            Assert.False(plot.Legend.IsVisible);                             // no legend inside the data area...
            Assert.Contains(plot.Axes.GetPanels(), p => p is ScottPlot.Panels.LegendPanel);   // ...but one beside it
        }
    }

    [Fact]
    public void Plain_progress_prints_start_quarters_and_end_only()
    {
        var writer = new StringWriter();
        var task = new ExperimentProgress.PlainSink(writer).Start("seed 1 regression 4/4 HyperFusion (hyperfusion.hyp)", 8, "epochs");
        for (var i = 0; i < 8; i++)
            task.Step($"loss {i}");
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        const string name = "seed 1 regression 4/4 HyperFusion (hyperfusion.hyp)";
        Assert.Equal([$"{name}: started (8 epochs)", $"{name}: 2/8 epochs, loss 1", $"{name}: 4/8 epochs, loss 3", $"{name}: 6/8 epochs, loss 5", $"{name}: 8/8 epochs, loss 7"], lines);
    }
}
