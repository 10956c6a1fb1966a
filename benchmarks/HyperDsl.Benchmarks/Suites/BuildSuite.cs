using System.Diagnostics;
using HyperDsl.Benchmarks.Harness;

namespace HyperDsl.Benchmarks.Suites;

/// <summary>
/// <c>dotnet build</c> of an example project (hyda.hyp plus a Program.cs, in a temporary folder that imports the
/// examples' MSBuild integration) into a private artifacts folder: clean, no-op incremental, and after touching the
/// .hyp file. Part of --quick too (about 80 s on 2 cores), so one run holds every comparison of issue 8; skipped by --smoke.
/// </summary>
public sealed class BuildSuite(string repoRoot) : ISuite
{
    /// <inheritdoc />
    public string Name => "build";

    /// <inheritdoc />
    public IReadOnlyList<BenchResult> Run(BenchOptions options, Action<string> log)
    {
        if (options.Smoke)
        {
            log("build: skipped in --smoke (a clean build takes minutes)");
            return [];
        }
        var root = Path.Combine(Path.GetTempPath(), $"hyperdsl-bench-build-{Environment.ProcessId}");
        var project = Path.Combine(root, "project");
        var artifacts = Path.Combine(root, "artifacts");
        Directory.CreateDirectory(project);
        try
        {
            var examples = Path.Combine(repoRoot, "examples");
            File.WriteAllText(Path.Combine(project, "Directory.Build.props"),
                // Outside the repository, central package versions must be pointed at explicitly.
                $"<Project>\n  <PropertyGroup>\n    <DirectoryPackagesPropsPath>{Path.Combine(repoRoot, "Directory.Packages.props")}</DirectoryPackagesPropsPath>\n  </PropertyGroup>\n" +
                $"  <Import Project=\"{Path.Combine(examples, "Directory.Build.props")}\" />\n</Project>\n");
            File.WriteAllText(Path.Combine(project, "Directory.Build.targets"),
                $"<Project>\n  <Import Project=\"{Path.Combine(examples, "Directory.Build.targets")}\" />\n</Project>\n");
            File.WriteAllText(Path.Combine(project, "BuildBench.csproj"),
                $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <UsesTorchSharp>true</UsesTorchSharp>
                    <RootNamespace>BuildBench</RootNamespace>
                  </PropertyGroup>
                  <ItemGroup>
                    <ProjectReference Include="{Path.Combine(repoRoot, "runtime/HyperDsl.Runtime/HyperDsl.Runtime.csproj")}" />
                  </ItemGroup>
                </Project>
                """);
            File.Copy(Path.Combine(examples, "HyDA/hyda.hyp"), Path.Combine(project, "hyda.hyp"));
            File.WriteAllText(Path.Combine(project, "Program.cs"), "using var model = new BuildBench.HydaBrainAge();\nSystem.Console.WriteLine(model.parameters().Count());\n");

            var clean = Build(project, artifacts);
            var noOp = Build(project, artifacts);
            File.SetLastWriteTimeUtc(Path.Combine(project, "hyda.hyp"), DateTime.UtcNow);
            var touched = Build(project, artifacts);
            log($"build: clean {clean:F1} s, no-op {noOp:F1} s, touched .hyp {touched:F1} s");
            return
            [
                new BenchResult("build/no-op-vs-clean", noOp, clean, noOp / clean, "s", "dotnet build, nothing changed / clean"),
                new BenchResult("build/touched-hyp-vs-clean", touched, clean, touched / clean, "s", "dotnet build after touching hyda.hyp / clean"),
            ];
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    private static double Build(string project, string artifacts)
    {
        var start = new ProcessStartInfo("dotnet", ["build", project, "-c", "Release", "--artifacts-path", artifacts, "-nologo", "-v", "q"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet build failed ({process.ExitCode}): {stdout.Result}{stderr.Result}");
        return watch.Elapsed.TotalSeconds;
    }
}
