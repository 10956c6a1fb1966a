using System.Text.Json;

namespace HyperDsl.Compiler.Tests.Cli;

/// <summary>What the commands accept: folders for check, fmt and build; '-' for fmt; --model for params; output that fits.</summary>
public sealed class InputTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hyperdsl-input-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_directory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Canonical => File.ReadAllText(TestSupport.Example("teaching/noise.hyp"));

    [Fact]
    public void CheckOfAFolderChecksEveryHypFileBelowItButNotBuildOutputs()
    {
        Write("a.hyp", Canonical);
        Write("nested/b.hyp", Canonical);
        Write("obj/stale.hyp", "not a model");
        var result = Hyperdsl.Run("check", _directory);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("2 file(s) checked: 0 error(s)", result.Out);
    }

    [Fact]
    public void AFolderWithoutHypFilesIsAUsageError()
    {
        var result = Hyperdsl.Run("check", _directory);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("holds no .hyp file", result.Error);
    }

    [Fact]
    public void FmtAndBuildAcceptAFolder()
    {
        var messy = Write("m/messy.hyp", Canonical.Replace("    ", "  ", StringComparison.Ordinal));
        Assert.Equal(0, Hyperdsl.Run("fmt", Path.Combine(_directory, "m")).ExitCode);
        Assert.Equal(Canonical, File.ReadAllText(messy));
        var output = Path.Combine(_directory, "out");
        var build = Hyperdsl.Run("build", Path.Combine(_directory, "m"), "-o", output);
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Single(Directory.GetFiles(output, "*.g.cs"));
    }

    [Fact]
    public void FmtDashFormatsStandardInputToStandardOutput()
    {
        var result = Hyperdsl.RunWithInput(Canonical.Replace("    ", "  ", StringComparison.Ordinal), "fmt", "-");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Canonical, result.Out);
        Assert.Equal(1, Hyperdsl.RunWithInput("model {", "fmt", "-").ExitCode);
        Assert.Equal(1, Hyperdsl.RunWithInput(Canonical + "\n\n\n", "fmt", "--check", "-").ExitCode);
        Assert.Equal(0, Hyperdsl.RunWithInput(Canonical, "fmt", "--check", "-").ExitCode);
    }

    [Fact]
    public void ParamsModelSelectsOneModelOfAFile()
    {
        var two = Write("two.hyp", Canonical + "\n" + Canonical.Replace("model NoiseEnsemble {", "model Second {", StringComparison.Ordinal));
        var first = TestSupport.Compile(Canonical).File!.Models[0].Name;
        using var all = JsonDocument.Parse(Hyperdsl.Run("params", two, "--format", "json").Out);
        Assert.Equal(2, all.RootElement.GetArrayLength());
        var one = Hyperdsl.Run("params", two, "--model", "Second", "--format", "json");
        Assert.True(one.ExitCode == 0, one.ToString());
        using var selected = JsonDocument.Parse(one.Out);
        Assert.Equal("Second", Assert.Single(selected.RootElement.EnumerateArray()).GetProperty("model").GetString());
        var text = Hyperdsl.Run("params", two, "--model", "Second");
        Assert.Contains("model Second", text.Out);
        Assert.DoesNotContain("model " + first, text.Out);
        Assert.Equal(2, Hyperdsl.Run("params", two, "--model", "Nope").ExitCode);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void TheParamsTableFitsAHundredColumnsWithColumnsApart(string example)
    {
        var result = Hyperdsl.Run("params", TestSupport.Example(example));
        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var line in result.Out.Split('\n')) Assert.True(line.Length <= 100, $"{line.Length} columns: {line}");
        Assert.DoesNotMatch(@"(Target|Hypernet|Conditioning)(Trainable|Generated|Frozen)", result.Out);
    }

    public static TheoryData<string> Examples() => Binding.ExampleTests.Examples();
}
