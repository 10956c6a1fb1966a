using System.Text.Json;
using System.Text.RegularExpressions;

namespace HyperDsl.Compiler.Tests.Cli;

/// <summary>Every command of the hyperdsl tool, its output formats and its exit codes (0 clean, 1 input errors, 2 usage).</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hyperdsl-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private const string TwoErrors = """
        model Broken {
            input x: [4];
            target network net {
                a = linear(4, 2) -> relu;
                b = linear(4 2);
                c = conv2d(3, 8, 3;
            }
        }
        """;

    [Fact]
    public void CheckIsCleanOnAnExampleAndExitsZero()
    {
        var result = Hyperdsl.Run("check", TestSupport.Example("HyDA/hyda.hyp"));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("1 file(s) checked: 0 error(s)", result.Out);
    }

    [Fact]
    public void CheckReportsEveryErrorOfAFileCanonicallyAndExitsOne()
    {
        var path = Write("broken.hyp", TwoErrors);
        var result = Hyperdsl.Run("check", path);
        Assert.Equal(1, result.ExitCode);
        var located = Regex.Matches(result.Out, $@"^{Regex.Escape(path)}\((\d+),(\d+)\): error (HYP\d{{4}}): .+$", RegexOptions.Multiline);
        Assert.True(located.Count >= 2, result.ToString());
        Assert.Contains(located, m => m.Groups[1].Value == "5");
        Assert.Contains(located, m => m.Groups[1].Value == "6");
        Assert.DoesNotContain("   at ", result.Out + result.Error);   // never a stack trace
    }

    [Fact]
    public void CheckJsonHasTheDocumentedFields()
    {
        var path = Write("broken.hyp", TwoErrors);
        var result = Hyperdsl.Run("check", path, "--format", "json");
        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.True(json.RootElement.GetArrayLength() >= 2);
        foreach (var d in json.RootElement.EnumerateArray())
        {
            Assert.Equal(path, d.GetProperty("file").GetString());
            Assert.True(d.GetProperty("line").GetInt32() >= 1);
            Assert.True(d.GetProperty("column").GetInt32() >= 1);
            Assert.True(d.GetProperty("endLine").GetInt32() >= d.GetProperty("line").GetInt32());
            Assert.True(d.GetProperty("endColumn").GetInt32() >= 1);
            Assert.Equal("error", d.GetProperty("severity").GetString());
            Assert.Matches("^HYP[0-9]{4}$", d.GetProperty("code").GetString());
            Assert.False(string.IsNullOrWhiteSpace(d.GetProperty("message").GetString()));
        }
    }

    [Fact]
    public void AMissingFileIsAnInputErrorNotACrash()
    {
        var result = Hyperdsl.Run("check", Path.Combine(_directory, "absent.hyp"));
        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"absent\.hyp\(1,1\): error HYP9\d{3}: ", result.Out);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("check")]
    [InlineData("check --format yaml x.hyp")]
    [InlineData("graph x.hyp --format png")]
    public void UsageErrorsExitTwo(string arguments)
    {
        var result = Hyperdsl.Run(arguments.Split(' '));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("hyperdsl:", result.Error);
    }

    [Theory]
    [InlineData("check")]
    [InlineData("params")]
    [InlineData("fmt")]
    [InlineData("graph")]
    [InlineData("build")]
    public void EveryCommandHasHelp(string command)
    {
        var result = Hyperdsl.Run(command, "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Out);
        Assert.Contains(command, result.Out);
    }

    [Fact]
    public void ParamsTotalsMatchTheJsonRows()
    {
        var example = TestSupport.Example("teaching/noise.hyp");
        var text = Hyperdsl.Run("params", example);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("hypernetwork parameters", text.Out);
        var json = Hyperdsl.Run("params", example, "--format", "json");
        Assert.Equal(0, json.ExitCode);
        using var document = JsonDocument.Parse(json.Out);
        var rows = document.RootElement[0].GetProperty("parameters").EnumerateArray().ToList();
        var hypernet = rows.Where(r => r.GetProperty("owner").GetString() == "hypernet").Sum(r => r.GetProperty("count").GetInt64());
        Assert.True(hypernet > 0);
        Assert.Matches(@"hypernetwork parameters\s+" + hypernet.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + "\n", text.Out);
    }

    [Fact]
    public void FmtRewritesToTheCanonicalFormOnceAndCheckAgreesAfterwards()
    {
        var canonical = File.ReadAllText(TestSupport.Example("teaching/noise.hyp"));
        var messy = Write("messy.hyp", canonical.Replace("    ", "  ", StringComparison.Ordinal).Replace(";\n", " ;\n", StringComparison.Ordinal));
        Assert.Equal(1, Hyperdsl.Run("fmt", "--check", messy).ExitCode);
        Assert.Equal(0, Hyperdsl.Run("fmt", messy).ExitCode);
        Assert.Equal(canonical, File.ReadAllText(messy));
        var stamp = File.GetLastWriteTimeUtc(messy);
        Assert.Equal(0, Hyperdsl.Run("fmt", messy).ExitCode);          // idempotent: nothing to rewrite
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(messy));
        Assert.Equal(0, Hyperdsl.Run("fmt", "--check", messy).ExitCode);
    }

    [Theory]
    [InlineData("dot", "digraph \"TinySegmenter\" {")]
    [InlineData("mermaid", "flowchart TD")]
    [InlineData("svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"")]
    public void GraphWritesEachFormat(string format, string start)
    {
        var output = Path.Combine(_directory, "graph." + format);
        var result = Hyperdsl.Run("graph", TestSupport.Example("teaching/segmenter2d.hyp"), "--format", format, "-o", output);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith(start, File.ReadAllText(output), StringComparison.Ordinal);
    }

    [Fact]
    public void GraphOfAnUnknownModelIsAUsageError()
    {
        var result = Hyperdsl.Run("graph", TestSupport.Example("teaching/segmenter2d.hyp"), "--model", "Nope");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("declares no model 'Nope'", result.Error);
    }
}
