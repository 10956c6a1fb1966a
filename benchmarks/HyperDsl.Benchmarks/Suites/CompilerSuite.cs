using System.Diagnostics;
using HyperDsl.Benchmarks.Harness;
using HyperDsl.Compiler;
using HyperDsl.Compiler.Emit;

namespace HyperDsl.Benchmarks.Suites;

/// <summary>
/// In-process compiler speed: check (parse + bind + shape-check, <see cref="Compilation.Compile"/>) and build (check +
/// <see cref="CSharpEmitter.Emit"/>) of a generated 10,000-line .hyp file in lines per second, the four seed examples
/// in milliseconds, and managed memory allocated per run (all threads, the compiler binds on its own thread).
/// </summary>
public sealed class CompilerSuite(string repoRoot) : ISuite
{
    private static readonly string[] Seeds =
        ["examples/HyDA/hyda.hyp", "examples/HyperFusion/hyperfusion.hyp", "examples/HyperCT/hyperct.hyp", "examples/TaskUNet3d/task_unet3d.hyp"];

    /// <inheritdoc />
    public string Name => "compiler";

    /// <inheritdoc />
    public IReadOnlyList<BenchResult> Run(BenchOptions options, Action<string> log)
    {
        var results = new List<BenchResult>();
        var rounds = options.Smoke ? 1 : options.Quick ? 5 : 11;
        var text = SyntheticHyp.Create(options.Smoke ? 200 : 10_000);
        var lines = text.Count(c => c == '\n');
        var emit = new EmitOptions("Bench.Synthetic");

        var first = Compilation.Compile("synthetic.hyp", text);
        if (first.HasErrors)
            throw new InvalidOperationException("the synthetic .hyp file does not compile: " + string.Join("; ", first.Diagnostics.Take(3)));

        var (checkMs, checkBytes) = Measure(() => Compilation.Compile("synthetic.hyp", text), rounds);
        var (buildMs, buildBytes) = Measure(() => CSharpEmitter.Emit(Compilation.Compile("synthetic.hyp", text).File!, emit), rounds);
        log($"compiler {lines} lines: check {checkMs:F1} ms ({lines / (checkMs / 1000):F0} lines/s, {checkBytes / 1e6:F1} MB), build {buildMs:F1} ms ({lines / (buildMs / 1000):F0} lines/s, {buildBytes / 1e6:F1} MB)");
        results.Add(new BenchResult($"compiler/check/{lines}-lines", lines / (checkMs / 1000), double.NaN, double.NaN, "lines/s", "parse + bind + shape-check, in-process"));
        results.Add(new BenchResult($"compiler/build/{lines}-lines", lines / (buildMs / 1000), lines / (checkMs / 1000), (lines / (buildMs / 1000)) / (lines / (checkMs / 1000)), "lines/s",
            "check + emit C#; reference = check only"));
        results.Add(new BenchResult($"compiler/allocated/{lines}-lines", buildBytes / 1e6, checkBytes / 1e6, buildBytes / (double)checkBytes, "MB",
            "managed allocation per build; reference = per check"));

        foreach (var seed in Seeds)
        {
            var path = Path.Combine(repoRoot, seed);
            var source = File.ReadAllText(path);
            var (ms, bytes) = Measure(() =>
            {
                var result = Compilation.Compile(seed, source);
                if (result.HasErrors)
                    throw new InvalidOperationException($"{seed} does not compile: {result.Diagnostics[0]}");
                CSharpEmitter.Emit(result.File!, emit);
            }, rounds * 2);
            var seedLines = source.Count(c => c == '\n');
            log($"compiler {seed}: {ms:F2} ms, {bytes / 1e6:F2} MB");
            results.Add(new BenchResult($"compiler/build/{Path.GetFileName(seed)}", ms, bytes / 1e6, double.NaN, "ms (reference column: MB allocated)",
                $"check + emit of a seed example ({seedLines} lines)"));
        }
        return results;
    }

    private static (double Ms, long Bytes) Measure(Action action, int rounds)
    {
        action();                                                      // warm-up (JIT)
        var times = new double[rounds];
        var bytes = new long[rounds];
        for (var i = 0; i < rounds; i++)
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            action();
            times[i] = watch.Elapsed.TotalMilliseconds;
            bytes[i] = GC.GetTotalAllocatedBytes(precise: true) - before;
        }
        return (Timing.Median(times), (long)Timing.Median(bytes.Select(b => (double)b).ToArray()));
    }
}
