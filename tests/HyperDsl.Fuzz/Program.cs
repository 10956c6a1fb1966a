using System.Globalization;
using System.Text;
using HyperDsl.Fuzz;

// The fuzz harness's command line, for long runs and for replaying a case:
//   dotnet run --project tests/HyperDsl.Fuzz -c Release -- --fuzz-minutes 3 [--seed 1] [--out DIR]
//   dotnet run --project tests/HyperDsl.Fuzz -c Release -- --cases 10000 --seed 20261123
//   dotnet run --project tests/HyperDsl.Fuzz -c Release -- --seed 1 --replay 1234     (writes the case's input to DIR)
//   dotnet run --project tests/HyperDsl.Fuzz -c Release -- --file some.hyp           (one file: verdict, time, memory)
//   --skip TEXT leaves out cases whose description contains TEXT (to look past a known bug while it is being fixed).
// Exit code: 0 when every case held the property, 1 when any failed, 2 for a usage error.
var options = FuzzOptions.Parse(args);
if (options == null)
{
    Console.Error.WriteLine("usage: HyperDsl.Fuzz [--fuzz-minutes N | --cases N] [--seed S] [--start I] [--replay I] [--limits] [--out DIR] [--trace FILE] [--no-shrink] [--budget-seconds T] [--skip TEXT] [--file PATH]");
    return 2;
}

// A crash on a thread the compiler starts itself ends the process: say which case it was.
AppDomain.CurrentDomain.UnhandledException += (_, e) =>
    Console.Error.WriteLine($"PROCESS CRASH (an exception escaped on a compiler thread) while running case {(options.TraceFile != null && File.Exists(options.TraceFile) ? File.ReadAllText(options.TraceFile).Trim() : "? (use --trace FILE)")}: {e.ExceptionObject}");

var seeds = SeedCorpus.Load();
var generator = new CaseGenerator(seeds, options.Seed, longRun: options.Minutes != null);
Directory.CreateDirectory(options.OutDirectory);
using var runner = new CaseRunner(TimeSpan.FromSeconds(options.TimeoutSeconds), emitStage: EmitStage.Default);
Console.WriteLine($"seed {options.Seed}; {seeds.Count} seed files; {Mutators.Families.Count} mutation families; budget {options.TimeoutSeconds} s processor time per case (hung after {runner.HangLimit.TotalSeconds} s); emit stage {(EmitStage.Default != null ? "on" : "off")}");

runner.WarmUp();

if (options.File is { } file)
{
    var outcome = runner.Run(FuzzInput.FromBytes("file", file, File.ReadAllBytes(file)));
    Console.WriteLine($"{file}: {outcome.Verdict} in {outcome.Elapsed.TotalMilliseconds:0} ms ({outcome.CpuTime.TotalMilliseconds:0} ms processor), {outcome.AllocatedBytes / (1024.0 * 1024):0.0} MB allocated");
    foreach (var problem in outcome.Problems) Console.WriteLine(problem);
    if (outcome.Result != null)
        foreach (var d in outcome.Result.Diagnostics)
        {
            // The baseline format of tests/HyperDsl.Compiler.Tests/Baselines (file name as given, hints indented).
            Console.WriteLine(d with { Span = d.Span with { File = Path.GetFileName(file) } });
            if (d.Hint != null) Console.WriteLine("    hint: " + d.Hint);
        }
    return outcome.Passed ? 0 : 1;
}

if (options.Replay is { } replay)
{
    var input = generator.Generate(replay);
    var outcome = runner.Run(input);
    var saved = Save(replay, outcome);
    Console.WriteLine($"case {replay}: {input}\n{outcome.Verdict} in {outcome.Elapsed.TotalMilliseconds:0} ms; input saved to {saved}");
    foreach (var problem in outcome.Problems) Console.WriteLine(problem);
    if (outcome.Result != null) foreach (var d in outcome.Result.Diagnostics.Take(20)) Console.WriteLine(d);
    return outcome.Passed ? 0 : 1;
}

var failed = false;
if (options.Limits || options.Minutes != null)
{
    Console.WriteLine("limit cases:");
    foreach (var limitCase in LimitCase.All(seeds))
    {
        var outcome = runner.Run(limitCase.Input);
        var problems = outcome.Problems.Concat(limitCase.CheckExpectation(outcome)).ToList();
        Console.WriteLine($"  {limitCase.Name}: {(problems.Count == 0 ? "ok" : "FAILED")} in {outcome.Elapsed.TotalMilliseconds:0} ms ({outcome.CpuTime.TotalMilliseconds:0} ms processor), " +
                          $"{outcome.AllocatedBytes / (1024.0 * 1024):0.0} MB allocated; codes {string.Join(" ", outcome.Result?.Diagnostics.Select(d => d.Code).Distinct() ?? [])}");
        foreach (var problem in problems) Console.WriteLine("    " + problem.Split('\n')[0]);
        if (problems.Count > 0) { failed = true; Save(-1, outcome, limitCase.Name); }
    }
}

var seenSignatures = new HashSet<string>();
var session = new FuzzSession(generator, runner)
{
    TraceFile = options.TraceFile,
    Skip = options.Skip,
    OnFailure = (index, outcome) =>
    {
        Console.WriteLine($"FAIL case {index}: {outcome.Verdict}: {outcome.Input}\n  {outcome.Problems[0].Split('\n')[0]}");
        if (seenSignatures.Add(outcome.Signature))
        {
            var shrunk = options.Shrink ? Shrinker.Shrink(runner, outcome) : outcome;
            Console.WriteLine($"  new failure kind; input saved to {Save(index, outcome)}; shrunk to {shrunk.Input.Length} -> {Save(index, shrunk, "shrunk")}");
        }
    },
    OnProgress = report => Console.WriteLine($"  ... {report.CasesRun} cases, {report.Failures.Count} failures, {report.Elapsed.TotalSeconds:0} s"),
};
var result = options.Minutes is { } minutes
    ? session.Run(options.Start, long.MaxValue - options.Start, TimeSpan.FromMinutes(minutes))
    : session.Run(options.Start, options.Cases);
Console.WriteLine(result.Summary());
return failed || result.Failures.Count > 0 ? 1 : 0;

string Save(long index, CaseOutcome outcome, string? tag = null)
{
    var stem = Path.Combine(options.OutDirectory, $"seed{options.Seed}-case{index}{(tag != null ? "-" + tag : "")}");
    File.WriteAllBytes(stem + ".hyp", outcome.Input.ToFileBytes());
    var details = new StringBuilder()
        .AppendLine(outcome.Input.ToString())
        .AppendLine($"{outcome.Verdict} in {outcome.Elapsed.TotalMilliseconds:0} ms");
    foreach (var problem in outcome.Problems) details.AppendLine(problem);
    File.WriteAllText(stem + ".txt", details.ToString());
    return stem + ".hyp";
}

/// <summary>Parsed command-line options.</summary>
internal sealed record FuzzOptions(double? Minutes, long Cases, int Seed, long Start, long? Replay, bool Limits,
    string OutDirectory, string? TraceFile, bool Shrink, double TimeoutSeconds, string? Skip = null, string? File = null)
{
    public static FuzzOptions? Parse(string[] args)
    {
        var o = new FuzzOptions(null, 10_000, 20261123, 0, null, false, Path.Combine(Path.GetTempPath(), "hyperdsl-fuzz-failures"), null, true, 2);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new FormatException(args[i] + " needs a value");
            try
            {
                o = args[i] switch
                {
                    "--fuzz-minutes" => o with { Minutes = double.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--cases" => o with { Cases = long.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--seed" => o with { Seed = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--start" => o with { Start = long.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--replay" => o with { Replay = long.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--limits" => o with { Limits = true },
                    "--out" => o with { OutDirectory = Next() },
                    "--trace" => o with { TraceFile = Next() },
                    "--no-shrink" => o with { Shrink = false },
                    "--skip" => o with { Skip = Next() },
                    "--file" => o with { File = Next() },
                    "--budget-seconds" => o with { TimeoutSeconds = double.Parse(Next(), CultureInfo.InvariantCulture) },
                    _ => throw new FormatException("unknown option " + args[i]),
                };
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine(e.Message);
                return null;
            }
        }
        return o;
    }
}
