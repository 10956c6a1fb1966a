using System.Diagnostics;
using HyperDsl.Fuzz;
using Microsoft.CodeAnalysis.CSharp;

namespace HyperDsl.Fuzz.Tests;

/// <summary>
/// <c>hyperdsl build</c> as MSBuild runs it (one file, <c>--out-file</c>): a failed compile leaves the previous
/// output byte for byte and its timestamp, no temporary file is ever left behind, and mutated inputs end with exit 0
/// and a parseable file or exit 1 and the previous file, never a stack trace.
/// </summary>
public sealed class BuildOutputTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hyperdsl-fuzz-build-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_failed_build_leaves_the_previous_output_byte_identical_with_its_timestamp()
    {
        var source = Path.Combine(_directory, "tiny.hyp");
        var output = Path.Combine(_directory, "gen", "tiny.g.cs");
        File.WriteAllText(source, SeedCorpus.BuiltInModel);
        var good = Build(source, output);
        Assert.True(good.ExitCode == 0, good.ToString());
        var before = File.ReadAllBytes(output);
        var stamp = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(output, stamp);

        File.WriteAllText(source, SeedCorpus.BuiltInModel.Replace("linear(16, width)", "linear(16, width", StringComparison.Ordinal));
        var bad = Build(source, output);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("error HYP", bad.Output, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(output));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(output));
        Assert.Equal(["tiny.g.cs"], Directory.GetFiles(Path.GetDirectoryName(output)!).Select(Path.GetFileName));
    }

    [Fact]
    public void Mutated_inputs_never_leave_a_partial_output_or_a_stack_trace()
    {
        var source = Path.Combine(_directory, "case.hyp");
        var output = Path.Combine(_directory, "gen", "case.g.cs");
        File.WriteAllText(source, SeedCorpus.BuiltInModel);
        Assert.Equal(0, Build(source, output).ExitCode);
        var generator = new CaseGenerator(SeedCorpus.Load(), FuzzSuiteTests.Seed);
        var exitCodes = new HashSet<int>();
        for (var index = 0; index < 16; index++)
        {
            var previous = File.ReadAllBytes(output);
            var input = generator.Generate(index);
            File.WriteAllBytes(source, input.ToFileBytes());
            var result = Build(source, output);
            exitCodes.Add(result.ExitCode);
            Assert.True(result.ExitCode is 0 or 1, $"case {index} ({input}): {result}");
            Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
            if (result.ExitCode == 1) Assert.Equal(previous, File.ReadAllBytes(output));
            else Assert.DoesNotContain(CSharpSyntaxTree.ParseText(File.ReadAllText(output)).GetDiagnostics(), d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
            Assert.Equal(["case.g.cs"], Directory.GetFiles(Path.GetDirectoryName(output)!).Select(Path.GetFileName));
        }
        Assert.Contains(1, exitCodes);
    }

    private sealed record Result(int ExitCode, string Output)
    {
        public override string ToString() => $"exit {ExitCode}\n{Output}";
    }

    private static Result Build(string source, string output)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "hyperdsl.dll"), "build", source, "--out-file", output, "--namespace", "Fuzz.Generated" })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("hyperdsl build did not finish in 2 minutes");
        }
        return new Result(process.ExitCode, stdout.Result + stderr.Result);
    }
}
