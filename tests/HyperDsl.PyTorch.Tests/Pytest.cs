using System.Diagnostics;
using System.Text.Json;

namespace HyperDsl.PyTorch.Tests;

/// <summary>
/// Runs pytest with Debian's interpreter over this project's python/ tests and the runtime's runtime/python/tests:
/// <see cref="Collect"/> lists the cases (at discovery, so each is its own xunit case), <see cref="Results"/> runs
/// them all once per test process, after <see cref="ParityExport"/> has written what they read.
/// </summary>
internal static class Pytest
{
    public const string Interpreter = "/usr/bin/python3";

    private static readonly Lazy<IReadOnlyDictionary<string, PytestOutcome>> Run = new(Execute);

    /// <summary>The outcome of every case of the one pytest run, by node id.</summary>
    public static IReadOnlyDictionary<string, PytestOutcome> Results => Run.Value;

    /// <summary>The node ids pytest collects, in collection order; a collection error is one id naming it.</summary>
    public static IReadOnlyList<string> Collect()
    {
        var folder = Directory.CreateTempSubdirectory("hyperdsl-pytest-collect-").FullName;
        try
        {
            var (exit, output) = Start(folder, "--collect-only", "-q");
            var ids = output.Split('\n').Select(l => l.Trim()).Where(l => l.Contains("::", StringComparison.Ordinal)).ToList();
            return exit == 0 && ids.Count > 0 ? ids : [$"collection failed (exit {exit}): {Tail(output)}"];
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static IReadOnlyDictionary<string, PytestOutcome> Execute()
    {
        var folder = Directory.CreateTempSubdirectory("hyperdsl-pytest-").FullName;
        ParityExport.Write(folder);
        var (exit, output) = Start(folder, "-q", $"--junitxml={Path.Combine(folder, "pytest.xml")}");
        var report = Path.Combine(folder, "report.json");
        if (!File.Exists(report)) throw new InvalidOperationException($"pytest wrote no report (exit {exit}): {Tail(output)}");
        var outcomes = JsonSerializer.Deserialize<Dictionary<string, PytestOutcome>>(File.ReadAllText(report))!;
        // A failed run keeps what it read, for a look (the failures name the folder).
        if (outcomes.Values.All(o => o.Outcome == "passed")) Directory.Delete(folder, recursive: true);
        else outcomes = outcomes.ToDictionary(p => p.Key, p => p.Value with { Message = $"{p.Value.Message}\n(data kept in {folder})" });
        return outcomes;
    }

    // Every run sees the same case list (cases.json, written from the examples), so collection and execution agree.
    private static (int Exit, string Output) Start(string folder, params string[] arguments)
    {
        if (!File.Exists(Interpreter))
            throw new InvalidOperationException($"{Interpreter} does not exist; install python3-torch and python3-pytest (.ci/install-packages.sh).");
        var cases = Path.Combine(folder, "cases.json");
        File.WriteAllText(cases, JsonSerializer.Serialize(new Dictionary<string, string[]>
        {
            ["snapshots"] = [.. ModelCase.All.Where(c => !c.InZoo).Select(c => c.Name)],
            ["zoo"] = [.. ModelCase.All.Where(c => c.InZoo).Select(c => c.Name)],
            ["parity"] = [.. ModelCase.All.Where(c => c.CheckedForParity).Select(c => c.Name)],
        }));
        var start = new ProcessStartInfo(Interpreter)
        {
            WorkingDirectory = Repo.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-m", "pytest", "-p", "no:cacheprovider", "-p", "hyperdsl_pytest_report", "--import-mode=importlib" }
                     .Concat(arguments).Append(Repo.PythonTests).Append(Path.Combine(Repo.PythonRuntime, "tests")))
            start.ArgumentList.Add(argument);
        start.Environment["PYTHONPATH"] = string.Join(':', Repo.PythonRuntime, Repo.PythonTests);
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        start.Environment["HYPERDSL_PYTORCH_CASES"] = cases;
        start.Environment["HYPERDSL_PYTORCH_DATA"] = folder;
        start.Environment["HYPERDSL_PYTEST_REPORT"] = Path.Combine(folder, "report.json");
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }

    private static string Tail(string text) => string.Join("\n", text.TrimEnd().Split('\n').TakeLast(15));
}

/// <summary>One pytest case's result as the report plugin (python/hyperdsl_pytest_report.py) writes it.</summary>
internal sealed record PytestOutcome(string Outcome, string Message);
