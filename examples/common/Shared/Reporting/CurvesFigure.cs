using ScottPlot;

namespace HyperDsl.Examples.Shared.Reporting;

/// <summary>A named line: one value per epoch (training loss, validation metric).</summary>
public sealed record Curve(string Name, IReadOnlyList<double> Values);

/// <summary>Grouped bars: one group per category (domain, task, target), one bar per method.</summary>
/// <param name="Title">Panel title.</param>
/// <param name="Categories">Group labels along the x axis.</param>
/// <param name="Series">Method name → one value per category.</param>
public sealed record BarGroups(string Title, string YLabel, IReadOnlyList<string> Categories, IReadOnlyList<(string Method, IReadOnlyList<double> Values)> Series);

/// <summary>Renders <c>curves.png</c>: training curves on the left, grouped bars on the right (when given).</summary>
public static class CurvesFigure
{
    /// <summary>File name of the figure.</summary>
    public const string FileName = "curves.png";

    /// <summary>Writes the figure into <paramref name="directory"/>; returns its path.</summary>
    public static string Save(string directory, string title, string curveYLabel, IReadOnlyList<Curve> curves, BarGroups? bars)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        var left = CurvePlot(title, curveYLabel, curves);
        if (bars is null)
        {
            left.SavePng(path, 900, 600);
            return path;
        }
        var multiplot = new Multiplot();
        var placeholder = multiplot.GetPlot(0);   // a new Multiplot starts with one empty plot
        multiplot.AddPlot(left);
        multiplot.AddPlot(BarPlot(bars));
        multiplot.RemovePlot(placeholder);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        multiplot.SavePng(path, 1600, 600);
        return path;
    }

    static Plot CurvePlot(string title, string yLabel, IReadOnlyList<Curve> curves)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < curves.Count; i++)
        {
            var ys = curves[i].Values.ToArray();
            var xs = Enumerable.Range(1, ys.Length).Select(x => (double)x).ToArray();
            var line = plot.Add.ScatterLine(xs, ys);
            line.LegendText = curves[i].Name;
            line.Color = palette.GetColor(i);
            line.LineWidth = 2;
        }
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    static Plot BarPlot(BarGroups groups)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var methods = groups.Series.Count;
        var width = 0.8 / methods;
        var bars = new List<Bar>();
        for (var m = 0; m < methods; m++)
        {
            var (name, values) = groups.Series[m];
            for (var c = 0; c < groups.Categories.Count; c++)
                bars.Add(new Bar
                {
                    Position = c + (m - (methods - 1) / 2.0) * width,
                    Value = values[c],
                    FillColor = palette.GetColor(m),
                    Size = width * 0.95,
                });
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = name, FillColor = palette.GetColor(m) });
        }
        plot.Add.Bars(bars);
        var ticks = groups.Categories.Select((label, i) => new Tick(i, label)).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Margins(bottom: 0);
        plot.Title(groups.Title);
        plot.YLabel(groups.YLabel);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }
}
