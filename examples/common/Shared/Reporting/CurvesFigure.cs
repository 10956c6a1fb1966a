using HyperDsl.Examples.Shared.Metrics;
using ScottPlot;

namespace HyperDsl.Examples.Shared.Reporting;

/// <summary>A named line: one value per epoch (training loss, validation metric).</summary>
public sealed record Curve(string Name, IReadOnlyList<double> Values);

/// <summary>One panel of <c>curves.png</c>.</summary>
public abstract record FigurePanel
{
    /// <summary>The panel's title.</summary>
    public abstract string Title { get; }
}

/// <summary>Training curves of one quantity (one line per method) against epochs.</summary>
/// <param name="Quantity">What the lines measure, for example <c>regression training MSE</c>.</param>
/// <param name="Curves">One line per method.</param>
/// <param name="XLabel">What one point is: <c>epoch</c> unless the experiment counts otherwise.</param>
public sealed record CurvePanel(string Quantity, IReadOnlyList<Curve> Curves, string XLabel = "epoch") : FigurePanel
{
    /// <inheritdoc/>
    public override string Title => Quantity;
}

/// <summary>One method's values of a metric: per category, one sample per seed (or fold).</summary>
public sealed record MetricSeries(string Method, IReadOnlyList<IReadOnlyList<double>> Samples);

/// <summary>
/// Bars of one metric (never two metrics on one axis): per category one bar per method at the mean of its samples, with
/// an error bar of their standard deviation; the title says which direction is better.
/// </summary>
/// <param name="Metric">The metric and unit, for example <c>test MAE (years)</c>.</param>
/// <param name="HigherIsBetter">True for AUC, accuracy, Dice; false for errors.</param>
/// <param name="Categories">Group labels along the x axis (one empty label: a single group).</param>
/// <param name="Series">One series per method, samples per category.</param>
public sealed record MetricBars(string Metric, bool HigherIsBetter, IReadOnlyList<string> Categories, IReadOnlyList<MetricSeries> Series) : FigurePanel
{
    /// <inheritdoc/>
    public override string Title => $"{Metric}: {(HigherIsBetter ? "higher" : "lower")} is better";
}

/// <summary>
/// Renders <c>curves.png</c>: one panel per quantity or metric side by side, each with its own axis, legend outside the
/// data area, bars with error bars across seeds.
/// </summary>
public static class CurvesFigure
{
    /// <summary>File name of the figure.</summary>
    public const string FileName = "curves.png";

    /// <summary>Writes the figure into <paramref name="directory"/>; returns its path.</summary>
    public static string Save(string directory, string title, IReadOnlyList<FigurePanel> panels)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        var plots = Plots(title, panels);
        var multiplot = new Multiplot();
        var placeholder = multiplot.GetPlot(0);   // a new Multiplot starts with one empty plot
        foreach (var plot in plots) multiplot.AddPlot(plot);
        multiplot.RemovePlot(placeholder);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        multiplot.SavePng(path, 720 * plots.Count, 560);
        return path;
    }

    /// <summary>One plot per panel, the figure's title on the first.</summary>
    public static IReadOnlyList<Plot> Plots(string title, IReadOnlyList<FigurePanel> panels)
    {
        ArgumentOutOfRangeException.ThrowIfZero(panels.Count);
        var plots = panels.Select(p => p switch
        {
            CurvePanel c => CurvePlot(c),
            MetricBars b => BarPlot(b),
            _ => throw new ArgumentException($"unknown panel {p.GetType().Name}", nameof(panels)),
        }).ToList();
        plots[0].Title($"{title}: {panels[0].Title}");
        return plots;
    }

    static Plot CurvePlot(CurvePanel panel)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < panel.Curves.Count; i++)
        {
            var ys = panel.Curves[i].Values.ToArray();
            var xs = Enumerable.Range(1, ys.Length).Select(x => (double)x).ToArray();
            var line = plot.Add.ScatterLine(xs, ys);
            line.LegendText = panel.Curves[i].Name;
            line.Color = palette.GetColor(i);
            line.LineWidth = 2;
        }
        plot.Title(panel.Title);
        plot.XLabel(panel.XLabel);
        plot.YLabel(panel.Quantity);
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    static Plot BarPlot(MetricBars panel)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var methods = panel.Series.Count;
        var width = 0.8 / methods;
        for (var m = 0; m < methods; m++)
        {
            var series = panel.Series[m];
            var bars = new List<Bar>();
            for (var c = 0; c < panel.Categories.Count; c++)
            {
                var (mean, std) = Metric.MeanStd(series.Samples[c]);
                bars.Add(new Bar
                {
                    Position = c + (m - (methods - 1) / 2.0) * width,
                    Value = mean,
                    Error = std,
                    FillColor = palette.GetColor(m),
                    Size = width * 0.95,
                });
            }
            plot.Add.Bars(bars).LegendText = series.Method;
        }
        var ticks = panel.Categories.Select((label, i) => new Tick(i, label)).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Margins(bottom: 0);
        plot.Title(panel.Title);
        plot.YLabel(panel.Metric);
        plot.XLabel("error bars: standard deviation across seeds");
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }
}
