using HyperDsl.Benchmarks.Harness;
using HyperDsl.Benchmarks.Models.Hyda;
using HyperDsl.Benchmarks.Models.HyperCT;
using HyperDsl.Benchmarks.Models.HyperFusion;
using HyperDsl.Benchmarks.Models.Segmenter;
using HyperDsl.Benchmarks.Models.TaskUNet3d;
using HyperDsl.Benchmarks.Reference;
using static TorchSharp.torch;

namespace HyperDsl.Benchmarks.Suites;

/// <summary>
/// Forward + backward of each generated seed model against a hand-written TorchSharp module holding clones of the
/// same parameters. Before timing, the two outputs must agree (proof that the work is the same); the ratio is
/// median(generated) / median(hand-written), measured interleaved.
/// </summary>
public sealed class GeneratedVsHandSuite : ISuite
{
    /// <inheritdoc />
    public string Name => "generated-vs-hand";

    /// <inheritdoc />
    public IReadOnlyList<BenchResult> Run(BenchOptions options, Action<string> log)
    {
        var results = new List<BenchResult>();
        var batch = options.Smoke ? 2 : 32;
        manual_seed(1);

        foreach (var hydaBatch in options.Smoke ? [2] : new[] { 32, 64 })
        {
            // HyDA at the suite's batch (32) and at the batch its experiment trains with (examples/HyDA/HydaSetup.cs: 64).
            // Its forward is ~30 tiny ops, so any fixed per-call cost of the generated path shows here first (--profile).
            var model = new HydaBrainAge();
            var copy = new ParameterCopy(model);
            var hand = new HandHyda(copy);
            var x = randn(hydaBatch, 32);
            x.DetachFromDisposeScope();
            var condition = new HydaBrainAgeCondition();
            results.Add(Compare($"generated-vs-hand/hyda/b{hydaBatch}", options, log, copy, copy.Parameters,
                model.parameters(), () => model.forward(condition, x), () => hand.Forward(x), inner: 10,
                rounds: options.RoundsForShortSteps));
            if (options.Profile && hydaBatch == 32)
                ProfileHyda(model, hand, copy, x, options, log);
        }
        {
            var model = new HyperFusionAge();
            var copy = new ParameterCopy(model);
            var hand = new HandHyperFusion(copy);
            var image = randn(batch, 1, 32, 32);
            var clinical = randn(batch, 6);
            clinical[0, 2] = tensor(double.NaN);    // a missing value exercises the indicator path
            image.DetachFromDisposeScope();
            clinical.DetachFromDisposeScope();
            var condition = new HyperFusionAgeCondition(clinical);
            results.Add(Compare($"generated-vs-hand/hyperfusion/b{batch}", options, log, copy, copy.Parameters,
                model.parameters(), () => model.forward(condition, image), () => hand.Forward(image, clinical), inner: 8));
        }
        {
            var segBatch = options.Smoke ? 2 : 8;
            var model = new TinySegmenter();
            var copy = new ParameterCopy(model);
            var hand = new HandSegmenter(copy);
            var image = randn(segBatch, 3, 64, 64);
            var task = arange(segBatch, dtype: ScalarType.Int64) % 4;
            image.DetachFromDisposeScope();
            task.DetachFromDisposeScope();
            var condition = new TinySegmenterCondition(task);
            results.Add(Compare($"generated-vs-hand/segmenter2d-conv/b{segBatch}", options, log, copy, copy.Parameters,
                model.parameters(), () => model.forward(condition, image), () => hand.Forward(image, task), inner: 4));
        }
        {
            // HyperCT at experiment scale (hyperct_small.hyp: 4-block ViT, width 64, 16 generated LoRA modules);
            // evaluation mode on both sides so the mixer's dropout does not make the outputs differ.
            var model = new HyperCTSmall();
            model.eval();
            var copy = new ParameterCopy(model);
            var hand = new HandHyperCtSmall(copy, model);
            var image = randn(batch, 1, 16, 16);
            var task = arange(batch, dtype: ScalarType.Int64) % 10;
            image.DetachFromDisposeScope();
            task.DetachFromDisposeScope();
            var condition = new HyperCTSmallCondition(task);
            results.Add(Compare($"generated-vs-hand/hyperct-small-lora-vit/b{batch}", options, log, copy, copy.Parameters.Concat(hand.LibraryParameters),
                model.parameters(), () => model.forward(condition, image), () => hand.Forward(image, task), inner: 4));
        }
        {
            // TaskUNet3d at experiment scale (task_unet3d_small.hyp: 16^3 volumes, 3 levels, generated decoder + head).
            var unetBatch = options.Smoke ? 2 : 4;
            var model = new TaskUNet3dSmall();
            model.eval();
            var copy = new ParameterCopy(model);
            var hand = new HandTaskUNet3dSmall(copy, model);
            var image = randn([unetBatch, 1, 16, 16, 16]);
            var supportImage = randn([unetBatch, 1, 16, 16, 16]);
            var supportMask = (rand([unetBatch, 1, 16, 16, 16]) > 0.7).to_type(ScalarType.Float32);
            foreach (var t in new[] { image, supportImage, supportMask })
                t.DetachFromDisposeScope();
            var condition = new TaskUNet3dSmallCondition(supportImage, supportMask);
            results.Add(Compare($"generated-vs-hand/task-unet3d-small/b{unetBatch}", options, log, copy, copy.Parameters.Concat(hand.LibraryParameters),
                model.parameters(),
                // The support encoder samples its patches from the global generator: the same seed on both sides draws
                // the same patches (seeding costs both sides alike).
                () => { manual_seed(7); return model.forward(condition, image); },
                () => { manual_seed(7); return hand.Forward(image, supportImage, supportMask); }, inner: 2));
        }
        return results;
    }

    // Where HyDA's generated overhead sits: the hypernetwork alone, then the primary network alone on fixed weights.
    private static void ProfileHyda(HydaBrainAge model, HandHyda hand, ParameterCopy copy, Tensor x, BenchOptions options, Action<string> log)
    {
        var embedding = randn(x.shape[0], 16).DetachFromDisposeScope();
        var ours = model.parameters().ToList();
        var (g, h) = Timing.Interleaved(
            () => TrainingStep.Run(ours, () =>
            {
                var generated = model.hypernet.forward(embedding);
                return Sum(Enumerable.Range(0, generated.Count).Select(i => generated[i]));
            }),
            () => TrainingStep.Run(copy.Parameters, () => Sum(hand.Hypernet(embedding))), options.Rounds, 10);
        log($"  profile hyda hypernet only: generated {g:F3} ms, hand-written {h:F3} ms, ratio {g / h:F3}");
        Tensor[] weights;
        using (var noGrad = no_grad())
            weights = hand.Hypernet(embedding).Select(t => t.detach().clone().requires_grad_(true).DetachFromDisposeScope()).ToArray();
        var generated = new HyperDsl.Runtime.Layers.GeneratedWeights(weights, Enumerable.Range(0, 6).Select(i => $"slot{i}").ToArray());
        var (pg, ph) = Timing.Interleaved(
            () => TrainingStep.Run(ours.Concat(weights), () => model.primary.forward(x, generated)),
            () => TrainingStep.Run(copy.Parameters.Concat(weights), () => hand.Primary(x, weights)), options.Rounds, 10);
        log($"  profile hyda primary only: generated {pg:F3} ms, hand-written {ph:F3} ms, ratio {pg / ph:F3}");

        using (var noGrad = no_grad())
        {
            var (dg, dh) = Timing.Interleaved(() => model.domain_classifier.forward(x), () => hand.DomainEmbedding(x), options.Rounds, 20);
            log($"  profile hyda domain classifier forward: generated {dg:F4} ms, hand-written {dh:F4} ms, ratio {dg / dh:F3}");
            var (hg, hh) = Timing.Interleaved(() => model.hypernet.forward(embedding), () => hand.Hypernet(embedding), options.Rounds, 20);
            log($"  profile hyda hypernet forward: generated {hg:F4} ms, hand-written {hh:F4} ms, ratio {hg / hh:F3}");
            var (qg, qh) = Timing.Interleaved(() => model.primary.forward(x, generated), () => hand.Primary(x, weights), options.Rounds, 20);
            log($"  profile hyda primary forward: generated {qg:F4} ms, hand-written {qh:F4} ms, ratio {qg / qh:F3}");
        }

        ProfileChecks(model, weights, generated, x, options, log);

        static Tensor Sum(IEnumerable<Tensor> tensors) => tensors.Select(t => t.square().sum()).Aggregate((a, b) => a + b);
    }

    // The fixed per-call costs the generated path adds to the same kernels: the entry shape check, wrapping the
    // generated tensors, and a generated layer's own checks (TargetLinear.forward against the bare HyperOps.Linear it
    // calls), in microseconds; plus Tensor.shape against size(d), the read the runtime avoids on the hot path.
    private static void ProfileChecks(HydaBrainAge model, Tensor[] weights, HyperDsl.Runtime.Layers.GeneratedWeights generated, Tensor x,
        BenchOptions options, Action<string> log)
    {
        using var noGrad = no_grad();
        const int inner = 200;
        double Micro(Action a) => Timing.Single(a, options.Rounds, inner) * 1000;   // Single gives ms per call
        var names = Enumerable.Range(0, weights.Length).Select(i => $"slot{i}").ToArray();
        var hidden = randn(x.shape[0], 32);
        var guard = Micro(() => HyperDsl.Runtime.Training.ShapeGuard.Expect(x, [32], "HydaBrainAge.features (hyda.hyp:4)"));
        var wrap = Micro(() => _ = new HyperDsl.Runtime.Layers.GeneratedWeights(weights, names));
        var layer = Micro(() => model.primary.head_2.forward(hidden, generated));
        var bare = Micro(() => HyperDsl.Runtime.Layers.HyperOps.Linear(hidden, weights[0], weights[1]));
        var shape = Micro(() => _ = x.shape);
        var size = Micro(() => _ = x.size(0));
        log($"  profile hyda checks (us per call): ShapeGuard.Expect {guard:F2}; new GeneratedWeights (6 slots) {wrap:F2}; " +
            $"generated layer head.1 {layer:F2} vs bare HyperOps.Linear {bare:F2} (checks {layer - bare:F2}); Tensor.shape {shape:F2} vs size(0) {size:F2}");
    }

    private static BenchResult Compare(string name, BenchOptions options, Action<string> log, ParameterCopy copy,
        IEnumerable<Tensor> handParameters, IEnumerable<Tensor> modelParameters, Func<Tensor> generated, Func<Tensor> hand, int inner,
        int? rounds = null)
    {
        using (var scope = NewDisposeScope())
        using (var noGrad = no_grad())
        {
            var a = generated();
            var b = hand();
            copy.EnsureAllUsed();
            var diff = (a - b).abs().max().item<float>();
            if (!(diff <= 1e-4f * Math.Max(1f, b.abs().max().item<float>())))
                throw new InvalidOperationException($"{name}: hand-written output differs from the generated model's by {diff}; the references are not the same computation.");
        }
        var ours = modelParameters.ToList();
        var theirs = handParameters.ToList();
        var (g, h, ratio) = Timing.Paired(
            () => TrainingStep.Run(ours, generated),
            () => TrainingStep.Run(theirs, hand),
            rounds ?? options.Rounds, options.Smoke ? 1 : inner, options.Smoke ? 0 : 3);
        log($"{name}: generated {g:F3} ms, hand-written {h:F3} ms, ratio of medians {g / h:F3}, median paired ratio {ratio:F3}");
        if (options.Profile)
        {
            using var noGrad = no_grad();
            var (gf, hf) = Timing.Interleaved(() => generated(), () => hand(), options.Rounds, inner * 4);
            log($"  profile {name}: forward only generated {gf:F3} ms, hand-written {hf:F3} ms, ratio {gf / hf:F3}");
            var (h1, h2) = Timing.Interleaved(() => hand(), () => hand(), options.Rounds, inner * 4);
            log($"  profile {name}: A/A noise hand-written vs itself, ratio {h1 / h2:F3}");
        }
        return new BenchResult(name, g, h, ratio, "ms",
            $"forward+backward, median of paired generated/hand-written ratios (ratio of medians {g / h:F3}); same parameters; <= 1.05 required");
    }
}
