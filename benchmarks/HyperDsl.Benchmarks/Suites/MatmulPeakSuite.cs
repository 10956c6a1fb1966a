using HyperDsl.Benchmarks.Harness;
using HyperDsl.Runtime.Layers;
using static TorchSharp.torch;

namespace HyperDsl.Benchmarks.Suites;

/// <summary>
/// Hyper-linear throughput (HyperOps.Linear, per-sample weights) as a fraction of a plain dense torch.matmul of the
/// same FLOPs (one shared weight), both forward only, interleaved. Ratio = GFLOP/s(hyper) / GFLOP/s(dense).
/// </summary>
public sealed class MatmulPeakSuite : ISuite
{
    /// <inheritdoc />
    public string Name => "matmul-peak";

    /// <inheritdoc />
    public IReadOnlyList<BenchResult> Run(BenchOptions options, Action<string> log)
    {
        // (batch, tokens per sample, in, out): HyDA-sized head, a wide layer, a token sequence (ViT-LoRA-like).
        var shapes = options.Smoke
            ? new (long, long, long, long)[] { (2, 1, 8, 8) }
            : new (long, long, long, long)[] { (32, 1, 64, 64), (32, 1, 512, 512), (32, 64, 256, 256) };
        var results = new List<BenchResult>();
        manual_seed(3);
        foreach (var (batch, tokens, inF, outF) in shapes)
        {
            using var scope = NewDisposeScope();
            var x = randn(batch, tokens, inF);
            var w = randn(batch, outF, inF);
            var dense = randn(batch * tokens, inF);
            var shared = randn(inF, outF);
            var input = tokens == 1 ? x.squeeze(1) : x;
            using var noGrad = no_grad();
            var inner = (int)Math.Clamp(2_000_000 / (batch * tokens * inF * outF), 1, 40);
            var (hyper, plain) = Timing.Interleaved(() => HyperOps.Linear(input, w, null), () => dense.matmul(shared),
                options.Rounds, options.Smoke ? 1 : inner, options.Smoke ? 0 : 3);
            var gflop = 2.0 * batch * tokens * inF * outF / 1e9;
            var ours = gflop / (hyper / 1000);
            var reference = gflop / (plain / 1000);
            var name = $"hyper-linear-vs-dense-matmul/b{batch}t{tokens}/{inF}x{outF}";
            log($"{name}: hyper {ours:F2} GFLOP/s, dense {reference:F2} GFLOP/s ({ours / reference:P0})");
            results.Add(new BenchResult(name, ours, reference, ours / reference, "GFLOP/s", "forward, fraction of dense matmul of the same FLOPs"));
        }
        return results;
    }
}
