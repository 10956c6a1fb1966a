using TorchSharp;
using static TorchSharp.torch;
using Chunked = HyperDsl.Generated.Tests.Examples.Chunked;
using Hyda = HyperDsl.Generated.Tests.Examples.Hyda;
using HyperCt = HyperDsl.Generated.Tests.Examples.Hyperct;
using HyperFusion = HyperDsl.Generated.Tests.Examples.Hyperfusion;
using Noise = HyperDsl.Generated.Tests.Examples.Noise;
using Segmenter = HyperDsl.Generated.Tests.Examples.Segmenter2d;
using TaskUNet = HyperDsl.Generated.Tests.Examples.TaskUnet3d;

namespace HyperDsl.Generated.Tests;

/// <summary>
/// The generated C# of every example and teaching file (the committed snapshots, compiled into this assembly) runs a
/// forward and backward pass on CPU with a small batch: finite loss, output of the declared shape, and gradients in
/// the hypernetwork and the condition encoders that reach every trainable parameter and agree with a central
/// difference of the loss.
/// </summary>
[Collection(nameof(TorchModuleInitTests))]   // reseeds torch's global generator between evaluations: no parallel draws
public sealed class ExampleRunTests
{
    private static Generator Seeded(ulong seed)
    {
        torch.manual_seed((long)seed);
        return new Generator(seed);
    }

    // The loss as a function of the parameters: the closure reseeds torch's generator, so dropout and noise sources
    // draw the same values at every evaluation and the loss is a deterministic function.
    private static Func<Tensor> Repeatable(Func<Tensor> loss) => () =>
    {
        torch.manual_seed(1234);
        return loss();
    };

    // Trains in the sense that matters: the loss is finite, every trainable parameter under each prefix (and the
    // hypernetwork) gets a finite gradient, non-zero under each prefix, and the gradient is the loss's real
    // sensitivity: along the unit direction u = g / |g| of the gradient g of all those parameters, the central
    // difference (L(θ + εu) - L(θ - εu)) / 2ε, the numerical reference, equals |g| within 10 %. A path cut from the
    // graph, a parameter the loss does not reach or a gradient that does not move the loss fails here; a merely
    // non-zero sum of gradients did not. One direction for all prefixes: two more forward passes per test.
    private static void AssertTrained(nn.Module model, Func<Tensor> closure, params string[] prefixes)
    {
        var loss = Repeatable(closure);
        var value = loss();
        var baseline = value.item<float>();
        Assert.True(float.IsFinite(baseline), $"loss {baseline}");
        value.backward();
        var parameters = new List<TorchSharp.Modules.Parameter>();
        foreach (var prefix in prefixes.Append("hypernet."))
        {
            var under = model.named_parameters().Where(p => p.name.StartsWith(prefix, StringComparison.Ordinal) && p.parameter.requires_grad).ToList();
            Assert.True(under.Count > 0, $"no trainable parameters under {prefix}");
            Assert.All(under, p => Assert.True(p.parameter.grad is not null && torch.isfinite(p.parameter.grad).all().item<bool>(), $"{p.name}: no finite gradient"));
            Assert.True(under.Sum(p => p.parameter.grad!.abs().sum().item<float>()) > 0, $"gradient under {prefix} is zero");
            parameters.AddRange(under.Select(p => p.parameter));
        }
        var gradients = parameters.Select(p => p.grad!.detach().to(torch.float64)).ToList();
        var norm = Math.Sqrt(gradients.Sum(g => g.square().sum().item<double>()));
        // A step that changes the loss by about 1e-4 of its size: large against float32 rounding (1e-7), small enough
        // that the ReLU and absolute-value kinks it crosses stay rare.
        var epsilon = 1e-4 * Math.Max(Math.Abs(baseline), 1e-2) / norm;
        double LossAt(double t)
        {
            using var noGrad = torch.no_grad();
            for (var i = 0; i < parameters.Count; i++) parameters[i].add_((gradients[i] * (t / norm)).to(parameters[i].dtype));
            var at = loss().item<float>();
            for (var i = 0; i < parameters.Count; i++) parameters[i].sub_((gradients[i] * (t / norm)).to(parameters[i].dtype));
            return at;
        }
        var slope = (LossAt(epsilon) - LossAt(-epsilon)) / (2 * epsilon);
        Assert.True(Math.Abs(slope - norm) <= 0.1 * norm, $"|gradient| {norm:g4} under {string.Join(", ", prefixes.Append("hypernet."))}, central difference along it {slope:g4}");
    }

    [Fact]
    public void Hyda_runs_forward_backward_with_domain_losses()
    {
        using var scope = torch.NewDisposeScope();
        var generator = Seeded(41);
        var model = new Hyda.HydaBrainAge();
        var input = torch.randn([4, 32], generator: generator);
        var condition = new Hyda.HydaBrainAgeCondition();
        var prediction = model.forward(condition, input);
        Assert.Equal([4L, 1L], prediction.shape);
        var target = torch.randn([4, 1], generator: generator);
        var domains = torch.tensor(new long[] { 0, 1, 0, 1 });
        AssertTrained(model, () => model.Loss(model.forward(condition, input), target) + model.DomainLoss(input, domains)
                                   + model.RegularizationLoss(model.Generate(condition, input)), "domain_classifier.");
    }

    [Fact]
    public void TaskUNet3d_runs_forward_backward_with_adaptation_and_episodic_loss()
    {
        using var scope = torch.NewDisposeScope();
        var generator = Seeded(42);
        var model = new TaskUNet.TaskUNet3d();
        var image = torch.randn([1, 1, 32, 32, 32], generator: generator);
        var mask = (torch.rand([1, 1, 32, 32, 32], generator: generator) > 0.7).to(float32);
        var condition = new TaskUNet.TaskUNet3dCondition(image, mask);
        var query = torch.randn([1, 1, 32, 32, 32], generator: generator);
        Tensor? prediction = null;
        AssertTrained(model, () => model.EpisodicLoss(model.Loss(model.forward(condition, image), mask),
                                                      model.Loss(prediction = model.unet.forward(query, model.Adapt(condition, image, mask)), mask)), "support.");
        Assert.Equal([1L, 1L, 32L, 32L, 32L], prediction!.shape);
    }

    [Fact]
    public void HyperFusion_runs_forward_backward_with_tabular_condition()
    {
        using var scope = torch.NewDisposeScope();
        var generator = Seeded(43);
        var model = new HyperFusion.HyperFusionAge();
        var clinical = torch.randn([3, 6], generator: generator);
        clinical[1, 2] = torch.tensor(float.NaN); // a missing value
        var condition = new HyperFusion.HyperFusionAgeCondition(clinical);
        var image = torch.randn([3, 1, 32, 32], generator: generator);
        var target = torch.randn(model.forward(condition, image).shape, generator: generator);
        AssertTrained(model, () => model.Loss(model.forward(condition, image), target) + model.RegularizationLoss(model.Generate(condition)), "clinical.");
    }

    [Fact]
    public void HyperCT_runs_forward_backward_with_generated_lora()
    {
        using var scope = torch.NewDisposeScope();
        var generator = Seeded(44);
        var model = new HyperCt.HyperCT();
        var condition = new HyperCt.HyperCTCondition(torch.tensor(new long[] { 3 }));
        var image = torch.randn([1, 3, 224, 224], generator: generator);
        Tensor? prediction = null;
        AssertTrained(model, () => model.Loss(prediction = model.forward(condition, image), torch.ones([1, 1])), "task.");
        Assert.Equal([1L, 1L], prediction!.shape);
        Assert.All(model.named_parameters().Where(p => p.name.StartsWith("vit.blocks_", StringComparison.Ordinal)), p => Assert.False(p.parameter.requires_grad, p.name));
    }

    [Fact]
    public void Teaching_chunked_runs_forward_backward()
    {
        using var scope = torch.NewDisposeScope();
        var generator = Seeded(45);
        var model = new Chunked.ChunkedClassifier();
        var condition = new Chunked.ChunkedClassifierCondition(torch.tensor(new long[] { 0, 9 }));
        var input = torch.randn([2, 64], generator: generator);
        var labels = torch.tensor(new long[] { 0, 1 });
        AssertTrained(model, () => model.Loss(model.forward(condition, input), labels), "task.");
    }

    [Fact]
    public void Teaching_noise_runs_forward_backward_and_ensembles()
    {
        using var scope = torch.NewDisposeScope();
        var generator = Seeded(46);
        var model = new Noise.NoiseEnsemble();
        var input = torch.randn([3, 8], generator: generator);
        var condition = new Noise.NoiseEnsembleCondition();
        var (mean, variance) = model.Ensemble(condition, input, samples: 4);
        Assert.Equal([3L, 1L], mean.shape);
        Assert.True(variance.min().item<float>() > 0, "independent noise samples should disagree");
        var target = torch.randn([3, 1], generator: generator);
        AssertTrained(model, () => model.Loss(model.forward(condition, input), target) + model.RegularizationLoss(model.Generate(condition, input)));
    }

    [Fact]
    public void Teaching_segmenter_runs_forward_backward_and_materializes()
    {
        using var scope = torch.NewDisposeScope();
        var generator = Seeded(47);
        var model = new Segmenter.TinySegmenter();
        model.eval();
        var condition = new Segmenter.TinySegmenterCondition(torch.tensor(new long[] { 1, 1 }));
        var input = torch.randn([2, 3, 64, 64], generator: generator);
        var prediction = model.forward(condition, input);
        var standalone = model.Materialize(condition);
        standalone.eval();
        using (torch.no_grad()) TensorAssert.Close(prediction.detach(), standalone.forward(input), what: "materialized segmenter");
        model.train();
        var target = torch.randint(prediction.shape[1], [2, 64, 64], generator: generator); // class per pixel
        AssertTrained(model, () => model.Loss(model.forward(condition, input), target), "task.");
    }

    [Fact]
    public void Generated_weights_are_one_tensor_per_slot_with_the_batch_first() =>
        Assert.Equal(Hyda.HydaBrainAge.GeneratedTensors.Length, new Hyda.HydaBrainAge().Generate(new Hyda.HydaBrainAgeCondition(), torch.zeros(2, 32)).Count);

    [Fact]
    public void A_wrong_input_shape_names_the_hyp_declaration()
    {
        var model = new Hyda.HydaBrainAge();
        var error = Assert.ThrowsAny<Exception>(() => model.forward(new Hyda.HydaBrainAgeCondition(), torch.zeros(2, 31)));
        Assert.Contains("hyda.hyp", error.Message);
    }
}
