using HyperDsl.Benchmarks.Harness;
using HyperDsl.Runtime;
using HyperDsl.Runtime.Hypernets;
using HyperDsl.Runtime.Layers;
using static TorchSharp.torch;

namespace HyperDsl.Benchmarks.Suites;

/// <summary>
/// The HyperCT appendix's claim, measured: generating a full d×d target weight costs O(d²) head outputs (and head
/// parameters), LoRA rank r costs O(r·d). For each width: generated values per sample, hypernetwork parameters and
/// the time of generate + apply + backward at batch 32, full vs LoRA (ours = LoRA, reference = full).
/// </summary>
public sealed class ScalingSuite : ISuite
{
    private const int Rank = 4;
    private const long Condition = 16;

    /// <inheritdoc />
    public string Name => "scaling";

    /// <inheritdoc />
    public IReadOnlyList<BenchResult> Run(BenchOptions options, Action<string> log)
    {
        var widths = options.Smoke ? new long[] { 16 } : options.Quick ? new long[] { 64, 128, 256, 512 } : new long[] { 64, 128, 256, 512, 768 };
        var batch = options.Smoke ? 2 : 32;
        var results = new List<BenchResult>();
        manual_seed(4);
        foreach (var d in widths)
        {
            using var scope = NewDisposeScope();
            var hyperOptions = new HyperNetworkOptions(BodyKind.Mlp, [64], ActivationKind.ReLU, NormKind.None, 0.0, 0, 0, 0,
                StrategyKind.PerLayerHeads, 0, 0, [], HyperInit.Default, null);
            var full = new HyperNetwork("full", Condition, hyperOptions,
                [new GeneratedTensorSpec("w", GeneratedKind.Weight, [d, d], d, d, 0, "layer", 0)]);
            var lora = new HyperNetwork("lora", Condition, hyperOptions,
            [
                new GeneratedTensorSpec("a", GeneratedKind.LoraA, [Rank, d], d, Rank, 0, "layer", 0),
                new GeneratedTensorSpec("b", GeneratedKind.LoraB, [d, Rank], Rank, d, 0, "layer", 0),
            ]);
            var frozen = randn(d, d).mul(1.0 / Math.Sqrt(d));
            var condition = randn(batch, Condition);
            var x = randn(batch, d);
            var fullParams = full.parameters().ToList();
            var loraParams = lora.parameters().ToList();
            var (loraMs, fullMs) = Timing.Interleaved(
                () => TrainingStep.Run(loraParams, () =>
                {
                    var g = lora.forward(condition);
                    return HyperOps.LoraLinear(x, frozen, null, g[0], g[1], 1.0);
                }),
                () => TrainingStep.Run(fullParams, () => HyperOps.Linear(x, full.forward(condition)[0], null)),
                options.Rounds, options.Smoke ? 1 : Math.Max(1, (int)(256 / d)), options.Smoke ? 0 : 2);
            var fullCount = (double)full.TotalValues;
            var loraCount = (double)lora.TotalValues;
            var fullHeadParams = (double)fullParams.Sum(p => p.numel());
            var loraHeadParams = (double)loraParams.Sum(p => p.numel());
            log($"scaling d={d}: generated full {fullCount}, lora {loraCount}; hypernet params full {fullHeadParams}, lora {loraHeadParams}; time full {fullMs:F3} ms, lora {loraMs:F3} ms");
            results.Add(new BenchResult($"scaling/generated-values/d{d}", loraCount, fullCount, loraCount / fullCount, "values/sample",
                $"LoRA r={Rank} / full d×d generated values per sample"));
            results.Add(new BenchResult($"scaling/hypernet-params/d{d}", loraHeadParams, fullHeadParams, loraHeadParams / fullHeadParams, "params",
                "hypernetwork parameters, LoRA / full"));
            results.Add(new BenchResult($"scaling/time/d{d}/b{batch}", loraMs, fullMs, loraMs / fullMs, "ms",
                "generate + apply + backward, LoRA / full"));
        }
        return results;
    }
}
