using HyperDsl.Benchmarks.Harness;
using HyperDsl.Runtime.Layers;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace HyperDsl.Benchmarks.Suites;

/// <summary>
/// The runtime's batched hyper kernels (HyperOps.Linear: one bmm; HyperOps.Conv: one grouped convolution) against
/// applying each sample's generated weights in a C# loop and concatenating, forward + backward into the generated
/// weights. Ratio = median(batched) / median(loop): below 1 is faster; speedup = 1 / ratio.
/// </summary>
public sealed class BatchedVsLoopSuite : ISuite
{
    /// <inheritdoc />
    public string Name => "batched-vs-loop";

    /// <inheritdoc />
    public IReadOnlyList<BenchResult> Run(BenchOptions options, Action<string> log)
    {
        var batches = options.Smoke ? new long[] { 2 } : options.Quick ? new long[] { 1, 8, 32 } : new long[] { 1, 8, 32, 128 };
        var results = new List<BenchResult>();
        manual_seed(2);
        foreach (var b in batches)
            results.Add(Linear(b, 64, 64, options, log));
        foreach (var b in batches)
            results.Add(Conv(b, 2, options.Smoke ? 8 : 32, 8, 8, options, log));
        foreach (var b in options.Quick && !options.Smoke ? new long[] { 8, 32 } : batches)
            results.Add(Conv(b, 3, options.Smoke ? 4 : 12, 4, 4, options, log));
        return results;
    }

    private static BenchResult Linear(long batch, long inF, long outF, BenchOptions options, Action<string> log)
    {
        var x = randn(batch, inF).DetachFromDisposeScope();
        var w = randn(batch, outF, inF).requires_grad_(true).DetachFromDisposeScope();
        var bias = randn(batch, outF).requires_grad_(true).DetachFromDisposeScope();
        Tensor[] leaves = [w, bias];
        var (ours, loop) = Timing.Interleaved(
            () => TrainingStep.Run(leaves, () => HyperOps.Linear(x, w, bias)),
            () => TrainingStep.Run(leaves, () => cat(Enumerable.Range(0, (int)batch)
                .Select(i => F.linear(x[i].unsqueeze(0), w[i], bias[i])).ToArray(), 0)),
            options.Rounds, options.Smoke ? 1 : 10, options.Smoke ? 0 : 3);
        var name = $"hyper-linear/batched-vs-loop/{inF}x{outF}/b{batch}";
        log($"{name}: batched {ours:F4} ms, loop {loop:F4} ms, speedup {loop / ours:F1}x");
        return new BenchResult(name, ours, loop, ours / loop, "ms", "forward+backward, batched bmm / per-sample loop; speedup = 1/ratio");
    }

    private static BenchResult Conv(long batch, int rank, long size, long inC, long outC, BenchOptions options, Action<string> log)
    {
        var spatial = Enumerable.Repeat(size, rank).ToArray();
        var kernel = Enumerable.Repeat(3L, rank).ToArray();
        var ones = Enumerable.Repeat(1L, rank).ToArray();
        var x = randn([batch, inC, .. spatial]).DetachFromDisposeScope();
        var w = randn([batch, outC, inC, .. kernel]).mul(0.1).requires_grad_(true).DetachFromDisposeScope();
        var bias = randn(batch, outC).requires_grad_(true).DetachFromDisposeScope();
        Tensor[] leaves = [w, bias];
        Tensor PerSample(int i) => rank == 2
            ? F.conv2d(x[i].unsqueeze(0), w[i], bias[i], padding: ones)
            : F.conv3d(x[i].unsqueeze(0), w[i], bias[i], padding: ones);
        var (ours, loop) = Timing.Interleaved(
            () => TrainingStep.Run(leaves, () => HyperOps.Conv(x, w, bias, ones, ones, ones, 1)),
            () => TrainingStep.Run(leaves, () => cat(Enumerable.Range(0, (int)batch).Select(PerSample).ToArray(), 0)),
            options.Rounds, options.Smoke ? 1 : 2, options.Smoke ? 0 : 2);
        var name = $"hyper-conv{rank}d/batched-vs-loop/{inC}->{outC}@{size}^{rank}/b{batch}";
        log($"{name}: batched {ours:F3} ms, loop {loop:F3} ms, speedup {loop / ours:F2}x");
        return new BenchResult(name, ours, loop, ours / loop, "ms", "forward+backward, grouped conv / per-sample loop; speedup = 1/ratio");
    }
}
