using System.Diagnostics;

namespace HyperDsl.Fuzz;

/// <summary>Figures of a run.</summary>
public sealed class FuzzReport
{
    public long CasesRun { get; set; }
    public TimeSpan Elapsed { get; set; }
    public List<(long Index, CaseOutcome Outcome)> Failures { get; } = [];
    public Dictionary<string, int> CasesPerFamily { get; } = [];
    public Dictionary<string, int> ErrorFreePerFamily { get; } = [];
    public (long Index, FuzzInput? Input, TimeSpan Time) Slowest { get; set; }
    public long MaxAllocatedBytes { get; set; }
    public long PeakManagedHeapBytes { get; set; }
    public long PeakWorkingSetBytes { get; set; }

    /// <summary>Failures grouped by signature (one entry per distinct bug), first occurrence first.</summary>
    public IEnumerable<IGrouping<string, (long Index, CaseOutcome Outcome)>> DistinctFailures =>
        Failures.GroupBy(f => f.Outcome.Signature);

    public string Summary()
    {
        var lines = new List<string>
        {
            $"cases run: {CasesRun} in {Elapsed.TotalSeconds:0.0} s ({CasesRun / Math.Max(Elapsed.TotalSeconds, 1e-9):0} cases/s)",
            $"failures: {Failures.Count} ({DistinctFailures.Count()} distinct)",
            $"slowest: {Slowest.Time.TotalMilliseconds:0} ms processor time, case {Slowest.Index}: {Slowest.Input}",
            $"memory: max allocated by one case {MaxAllocatedBytes / (1024.0 * 1024):0.0} MB; peak managed heap {PeakManagedHeapBytes / (1024.0 * 1024):0.0} MB; peak working set {PeakWorkingSetBytes / (1024.0 * 1024):0.0} MB",
            "per family (cases / error-free): " + string.Join(", ", CasesPerFamily.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => $"{p.Key} {p.Value}/{ErrorFreePerFamily.GetValueOrDefault(p.Key)}")),
        };
        foreach (var group in DistinctFailures)
        {
            var (index, outcome) = group.First();
            lines.Add($"  [{group.Count()}x] {group.Key}");
            lines.Add($"      first: case {index}: {outcome.Input}");
            lines.Add($"      {outcome.Problems[0].Split('\n')[0]}");
        }
        return string.Join(Environment.NewLine, lines);
    }
}

/// <summary>Runs generated cases until a count or a deadline, collecting figures and failures.</summary>
public sealed class FuzzSession(CaseGenerator generator, CaseRunner runner)
{
    /// <summary>When set, the index of the case about to run is written here first, so a crash that kills the process (a stack overflow) names its case.</summary>
    public string? TraceFile { get; init; }

    /// <summary>Cases whose description contains this text are generated but not run.</summary>
    public string? Skip { get; init; }

    /// <summary>Called after each failing case.</summary>
    public Action<long, CaseOutcome>? OnFailure { get; init; }

    /// <summary>Called now and then with the report so far.</summary>
    public Action<FuzzReport>? OnProgress { get; init; }

    public FuzzReport Run(long firstIndex, long count, TimeSpan? duration = null)
    {
        var report = new FuzzReport();
        var clock = Stopwatch.StartNew();
        var lastProgress = TimeSpan.Zero;
        for (var index = firstIndex; index < firstIndex + count; index++)
        {
            if (duration is { } limit && clock.Elapsed >= limit) break;
            if (TraceFile != null) File.WriteAllText(TraceFile, $"{generator.RunSeed} {index}\n");
            var input = generator.Generate(index);
            if (Skip != null && input.Description.Contains(Skip, StringComparison.Ordinal)) continue;
            var outcome = runner.Run(input);
            Record(report, index, outcome);
            if (!outcome.Passed) OnFailure?.Invoke(index, outcome);
            if (OnProgress != null && clock.Elapsed - lastProgress > TimeSpan.FromSeconds(10))
            {
                lastProgress = clock.Elapsed;
                report.Elapsed = clock.Elapsed;
                OnProgress(report);
            }
        }
        report.Elapsed = clock.Elapsed;
        report.PeakWorkingSetBytes = Process.GetCurrentProcess().PeakWorkingSet64;
        return report;
    }

    public static void Record(FuzzReport report, long index, CaseOutcome outcome)
    {
        report.CasesRun++;
        var family = outcome.Input.Family;
        report.CasesPerFamily[family] = report.CasesPerFamily.GetValueOrDefault(family) + 1;
        if (outcome.Result is { HasErrors: false })
            report.ErrorFreePerFamily[family] = report.ErrorFreePerFamily.GetValueOrDefault(family) + 1;
        if (outcome.CpuTime > report.Slowest.Time) report.Slowest = (index, outcome.Input, outcome.CpuTime);
        report.MaxAllocatedBytes = Math.Max(report.MaxAllocatedBytes, outcome.AllocatedBytes);
        report.PeakManagedHeapBytes = Math.Max(report.PeakManagedHeapBytes, GC.GetTotalMemory(false));
        if (!outcome.Passed) report.Failures.Add((index, outcome));
    }
}
