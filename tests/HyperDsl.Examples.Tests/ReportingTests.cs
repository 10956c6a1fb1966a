using HyperDsl.Examples.Shared.Reporting;

namespace HyperDsl.Examples.Tests;

public class ReportingTests
{
    [Fact]
    public void Curves_figure_is_a_png_with_and_without_bars()
    {
        var dir = Path.Combine(Path.GetTempPath(), "hyperdsl-fig-" + Guid.NewGuid().ToString("N"));
        try
        {
            Curve[] curves = [new("hyper", [3, 2, 1.5]), new("baseline", [3, 2.5, 2])];
            var path = CurvesFigure.Save(dir, "t", "loss", curves, null);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(path).Take(4));
            var bars = new BarGroups("per domain", "MAE", ["d0", "d1"], [("hyper", [1.0, 2.0]), ("baseline", [1.5, 2.5])]);
            path = CurvesFigure.Save(dir, "t", "loss", curves, bars);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(path).Take(4));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Plain_progress_prints_start_quarters_and_end_only()
    {
        var writer = new StringWriter();
        var task = new ExperimentProgress.PlainSink(writer).Start("fold 1", 8);
        for (var i = 0; i < 8; i++)
            task.Step($"loss {i}");
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["fold 1: started (8 steps)", "fold 1: 2/8 loss 1", "fold 1: 4/8 loss 3", "fold 1: 6/8 loss 5", "fold 1: 8/8 loss 7"], lines);
    }
}
