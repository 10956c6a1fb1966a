namespace HyperDsl.Benchmarks.Harness;

/// <summary>Command line: <c>--quick</c> (short rounds, subset of sizes), <c>--smoke</c> (every
/// benchmark once at tiny sizes, for the test), <c>--filter TEXT</c> (suites whose name contains it),
/// <c>--threads N</c> (libtorch intra-op threads, default 1), <c>--out DIR</c> (results folder), <c>--rounds N</c>
/// (override the rounds per comparison), <c>--profile</c> (extra diagnostics: forward-only and A/A noise for the generated models).</summary>
public sealed record BenchOptions(bool Quick, bool Smoke, string? Filter, int Threads, string OutputDirectory, bool Profile = false, int? RoundsOverride = null)
{
    /// <summary>Rounds for an interleaved comparison.</summary>
    public int Rounds => RoundsOverride ?? (Smoke ? 1 : Quick ? 15 : FullRounds);

    /// <summary>
    /// Rounds for a comparison whose steps take a few milliseconds (HyDA): even a --quick run affords the full run's
    /// rounds there, and needs them: with 15 the median paired ratio wandered from 1.02 to 1.06 between runs.
    /// </summary>
    public int RoundsForShortSteps => RoundsOverride ?? (Smoke ? 1 : FullRounds);

    private const int FullRounds = 41;

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with a usage line for anything else.</summary>
    public static BenchOptions Parse(string[] args, string defaultOutput)
    {
        bool quick = false, smoke = false, profile = false;
        int? rounds = null;
        string? filter = null;
        var threads = 1;
        var output = defaultOutput;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick": quick = true; break;
                case "--smoke": smoke = true; break;
                case "--profile": profile = true; break;
                case "--rounds" when i + 1 < args.Length && int.TryParse(args[i + 1], out var n) && n > 0: rounds = n; i++; break;
                case "--filter" when i + 1 < args.Length: filter = args[++i]; break;
                case "--threads" when i + 1 < args.Length && int.TryParse(args[i + 1], out var t) && t > 0: threads = t; i++; break;
                case "--out" when i + 1 < args.Length: output = args[++i]; break;
                default:
                    throw new ArgumentException($"unknown argument '{args[i]}'. Usage: [--quick] [--smoke] [--filter TEXT] [--threads N] [--out DIR] [--rounds N] [--profile]");
            }
        }
        return new BenchOptions(quick, smoke, filter, threads, output, profile, rounds);
    }
}
