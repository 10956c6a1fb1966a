namespace HyperDsl.Compiler.Tests.Cli;

/// <summary>
/// <c>hyperdsl build --diagnostics-file</c>: the machine-readable report the MSBuild integration reads instead of the
/// console, one tab-separated line per diagnostic with hint and related location, written empty for a clean file.
/// </summary>
public sealed class DiagnosticsFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hyperdsl-sidecar-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private (Hyperdsl.Result Result, string[][] Lines) Build(string text)
    {
        var source = Path.Combine(_directory, "m.hyp");
        var sidecar = Path.Combine(_directory, "m.hyp.diagnostics");
        File.WriteAllText(source, text);
        var result = Hyperdsl.Run("build", source, "--out-file", Path.Combine(_directory, "m.g.cs"), "--diagnostics-file", sidecar);
        Assert.True(File.Exists(sidecar), result.ToString());
        return (result, [.. File.ReadAllLines(sidecar).Select(l => l.Split('\t'))]);
    }

    [Fact]
    public void ACleanFileGetsAnEmptyReport()
    {
        var (result, lines) = Build(File.ReadAllText(TestSupport.Example("teaching/noise.hyp")));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(lines);
    }

    private const string Model = """
        model M {
            input x: [8];

            condition task = task(count: 2, dim: 4);
            condition unused = task(count: 2, dim: 4);

            target network net {
                fc1 = linear(8, 16);
                external fc2 = linear(32, 4);
            }

            hypernet from task {
                body mlp(16, act: rellu);
                generate per_layer;
            }
        }
        """;

    [Fact]
    public void EachDiagnosticIsOneLineWithItsHintAndRelatedLocation()
    {
        var (result, lines) = Build(Model);
        Assert.Equal(1, result.ExitCode);
        Assert.All(lines, l => Assert.Equal(13, l.Length));
        var hint = Assert.Single(lines, l => l[1] == "HYP1014");
        Assert.Equal(["error", "13"], [hint[0], hint[3]]);
        Assert.Equal("Did you mean 'relu'?", hint[8]);
        var shape = Assert.Single(lines, l => l[1] == "HYP2001");
        Assert.Equal(["9", "8", "the value of shape [16] is the output of 'fc1' here."], [shape[3], shape[10], shape[12]]);
    }

    [Fact]
    public void AWarningIsReportedThereSoTheBuildCanTellWhichFilesWarned()
    {
        var (result, lines) = Build(Model.Replace("rellu", "relu", StringComparison.Ordinal).Replace("linear(32, 4)", "linear(16, 4)", StringComparison.Ordinal));
        Assert.True(result.ExitCode == 0, result.ToString());
        var warning = Assert.Single(lines);
        Assert.Equal(["warning", "HYP1027", "5", "5"], [warning[0], warning[1], warning[3], warning[4]]);
    }
}
