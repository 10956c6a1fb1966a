using System.Runtime.InteropServices;
using HyperDsl.Benchmarks.Harness;
using HyperDsl.Benchmarks.Suites;
using static TorchSharp.torch;

// HyperDsl benchmarks: see docs/BENCHMARKS.md. Exit codes: 0 done, 1 a benchmark failed, 2 usage error.
var repoRoot = RepoRoot.Find();
BenchOptions options;
try
{
    options = BenchOptions.Parse(args, Path.Combine(repoRoot, "benchmarks", "results"));
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

set_num_threads(options.Threads);
var mode = options.Smoke ? "smoke" : options.Quick ? "quick" : "full";
var machine =
    $"Machine: {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}; " +
    $".NET {Environment.Version}; TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version}, libtorch {__version__} (CPU); " +
    $"torch threads {get_num_threads()} (fixed with --threads, default 1); timings are medians of interleaved rounds " +
    $"({options.Rounds} per comparison, {options.RoundsForShortSteps} for HyDA's 3 ms steps) on a shared machine.";
Console.WriteLine(machine);

ISuite[] suites =
[
    new GeneratedVsHandSuite(),
    new BatchedVsLoopSuite(),
    new MatmulPeakSuite(),
    new ScalingSuite(),
    new CompilerSuite(repoRoot),
    new LanguageServerSuite(),
    new BuildSuite(repoRoot),
];
var results = new List<BenchResult>();
var failed = false;
foreach (var suite in suites.Where(s => options.Filter is null || s.Name.Contains(options.Filter, StringComparison.OrdinalIgnoreCase)))
{
    Console.WriteLine($"== {suite.Name}");
    try
    {
        results.AddRange(suite.Run(options, Console.WriteLine));
    }
    catch (Exception e) when (e is InvalidOperationException or IOException or ExternalException)
    {
        Console.Error.WriteLine($"{suite.Name}: {e.Message}");
        failed = true;
    }
}

var (json, markdown) = ResultWriter.Write(options.OutputDirectory, results, machine, mode);
Console.WriteLine($"wrote {json} and {markdown}");
// A real run into the default folder also refreshes the table in docs/BENCHMARKS.md (a filtered run would drop rows).
if (!options.Smoke && options.Filter is null && options.OutputDirectory == Path.Combine(repoRoot, "benchmarks", "results")
    && DocsTable.Update(Path.Combine(repoRoot, "docs", "BENCHMARKS.md"), File.ReadAllText(markdown)))
    Console.WriteLine("updated docs/BENCHMARKS.md");
return failed ? 1 : 0;
