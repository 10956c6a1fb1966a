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
/// the hypernetwork and the condition encoders.
/// </summary>
public sealed class ExampleRunTests
{
    private static Generator Seeded(ulong seed)
    {
        torch.manual_seed((long)seed);
        return new Generator(seed);
    }

    private static void AssertTrained(nn.Module model, Tensor loss, params string[] prefixes)
    {
        Assert.True(float.IsFinite(loss.item<float>()), $"loss {loss.item<float>()}");
        loss.backward();
        foreach (var prefix in prefixes.Append("hypernet."))
        {
            var parameters = model.named_parameters().Where(p => p.name.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            Assert.True(parameters.Count > 0, $"no parameters under {prefix}");
            var total = parameters.Where(p => p.parameter.grad is not null).Sum(p => p.parameter.grad!.abs().sum().item<float>());
            Assert.True(total > 0 && float.IsFinite(total), $"gradient under {prefix}: {total}");
        }
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
        var generated = model.Generate(condition, input);
        var loss = model.Loss(prediction, torch.randn([4, 1], generator: generator)) + model.DomainLoss(input, torch.tensor(new long[] { 0, 1, 0, 1 }))
                   + model.RegularizationLoss(generated);
        AssertTrained(model, loss, "domain_classifier.");
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
        var adapted = model.Adapt(condition, image, mask);
        var query = torch.randn([1, 1, 32, 32, 32], generator: generator);
        var prediction = model.unet.forward(query, adapted);
        Assert.Equal([1L, 1L, 32L, 32L, 32L], prediction.shape);
        var support = model.Loss(model.forward(condition, image), mask);
        var loss = model.EpisodicLoss(support, model.Loss(prediction, mask));
        AssertTrained(model, loss, "support.");
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
        var prediction = model.forward(condition, torch.randn([3, 1, 32, 32], generator: generator));
        var loss = model.Loss(prediction, torch.randn(prediction.shape, generator: generator)) + model.RegularizationLoss(model.Generate(condition));
        AssertTrained(model, loss, "clinical.");
    }

    [Fact]
    public void HyperCT_runs_forward_backward_with_generated_lora()
    {
        using var scope = torch.NewDisposeScope();
        var generator = Seeded(44);
        var model = new HyperCt.HyperCT();
        var condition = new HyperCt.HyperCTCondition(torch.tensor(new long[] { 3 }));
        var prediction = model.forward(condition, torch.randn([1, 3, 224, 224], generator: generator));
        Assert.Equal([1L, 1L], prediction.shape);
        var loss = model.Loss(prediction, torch.ones([1, 1]));
        AssertTrained(model, loss, "task.");
        Assert.All(model.named_parameters().Where(p => p.name.StartsWith("vit.blocks_", StringComparison.Ordinal)), p => Assert.False(p.parameter.requires_grad, p.name));
    }

    [Fact]
    public void Teaching_chunked_runs_forward_backward()
    {
        using var scope = torch.NewDisposeScope();
        var generator = Seeded(45);
        var model = new Chunked.ChunkedClassifier();
        var condition = new Chunked.ChunkedClassifierCondition(torch.tensor(new long[] { 0, 9 }));
        var prediction = model.forward(condition, torch.randn([2, 64], generator: generator));
        var labels = torch.tensor(new long[] { 0, 1 });
        AssertTrained(model, model.Loss(prediction, labels), "task.");
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
        var prediction = model.forward(condition, input);
        AssertTrained(model, model.Loss(prediction, torch.randn([3, 1], generator: generator)) + model.RegularizationLoss(model.Generate(condition, input)));
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
        AssertTrained(model, model.Loss(model.forward(condition, input), target), "task.");
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
