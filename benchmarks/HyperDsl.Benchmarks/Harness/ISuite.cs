namespace HyperDsl.Benchmarks.Harness;

/// <summary>One group of benchmarks; <see cref="Name"/> is what <c>--filter</c> matches.</summary>
public interface ISuite
{
    /// <summary>Short name, e.g. <c>generated-vs-hand</c>.</summary>
    string Name { get; }

    /// <summary>Runs the suite, returning one result per comparison; <paramref name="log"/> receives progress lines.</summary>
    IReadOnlyList<BenchResult> Run(BenchOptions options, Action<string> log);
}
