namespace HyperDsl.Benchmarks.Harness;

/// <summary>One comparison: our measurement against its reference, in one unit.</summary>
/// <param name="Name">Stable identifier, e.g. <c>generated-vs-hand/hyda/b32</c>.</param>
/// <param name="Ours">Our value (HyperDsl code, batched kernel, hyper-linear, ...).</param>
/// <param name="Reference">What it is compared with (hand-written, per-sample loop, dense matmul, ...).</param>
/// <param name="Ratio">How the two compare; its meaning is given by <paramref name="Unit"/> and <paramref name="Note"/>.</param>
/// <param name="Unit">Unit of Ours and Reference (ms, lines/s, MB, params, ...).</param>
/// <param name="Note">What the ratio means, for the tables.</param>
public sealed record BenchResult(string Name, double Ours, double Reference, double Ratio, string Unit, string Note);
