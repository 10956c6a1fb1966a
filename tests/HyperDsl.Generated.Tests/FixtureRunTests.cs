using TorchSharp;
using static TorchSharp.torch;
using Chunked = HyperDsl.Generated.Tests.Fixtures.Chunked;
using Domain = HyperDsl.Generated.Tests.Fixtures.HydaDomain;
using Injection = HyperDsl.Generated.Tests.Fixtures.Injection;
using Plain = HyperDsl.Generated.Tests.Fixtures.Plain;

namespace HyperDsl.Generated.Tests;

/// <summary>The remaining fixtures run forward and backward: no hypernetwork, hostile names, domain from input, chunks + noise.</summary>
public sealed class FixtureRunTests
{
    [Fact]
    public void A_model_without_generated_layers_is_an_ordinary_network()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(81);
        var model = new Plain.PlainNet();
        var input = torch.randn(3, 2, 16);
        var output = model.forward(new Plain.PlainNetCondition(), input);
        Assert.Equal([3L, 3L], output.shape);
        TensorAssert.Close(torch.ones(3), output.sum(1), 1e-5, "softmax rows");
        output.select(1, 0).sum().backward();
        Assert.All(model.parameters(), p => Assert.NotNull(p.grad));
        model.eval();
        var standalone = model.Materialize(new Plain.PlainNetCondition(), input);
        standalone.eval();
        using var noGrad = torch.no_grad();
        TensorAssert.Close(model.forward(new Plain.PlainNetCondition(), input), standalone.forward(input), 1e-6, "materialized");
    }

    [Fact]
    public void Hostile_names_still_make_a_working_model()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(82);
        var model = new Injection.Record();
        var condition = new Injection.RecordCondition(torch.tensor(new long[] { 0, 1 }));
        var prediction = model.forward(condition, torch.randn(2, 4));
        Assert.Equal([2L, 2L], prediction.shape);
        model.Loss(prediction, torch.zeros(2, 2)).backward();
        Assert.Contains(model.named_parameters(), p => p.name == "class.zero\u200Bwidth.weight" && p.parameter.grad is not null);
        Assert.Equal("record", Injection.Record.ModelName);
    }

    [Fact]
    public void Domain_features_from_the_input_condition_the_hypernetwork()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(83);
        var model = new Domain.HydaBrainAge();
        var input = torch.randn(4, 16);
        var condition = new Domain.HydaBrainAgeCondition();
        var loss = model.Loss(model.forward(condition, input), torch.randn(4, 1)) + model.DomainLoss(input, torch.tensor(new long[] { 0, 1, 2, 1 }));
        loss.backward();
        var classifier = model.domain_classifier.fc2.weight.grad;
        Assert.True(classifier is not null && classifier.abs().sum().item<float>() > 0, "the domain classifier's features get no gradient");
    }

    [Fact]
    public void Chunked_generation_with_noise_gives_an_ensemble_spread()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(84);
        var model = new Chunked.ChunkedMlp();
        var condition = new Chunked.ChunkedMlpCondition(torch.tensor(new long[] { 0, 2 }));
        var input = torch.randn(2, 8);
        var (mean, variance) = model.Ensemble(condition, input);
        Assert.Equal([2L, 2L], mean.shape);
        Assert.True(variance.sum().item<float>() > 0);
        model.Loss(model.forward(condition, input), torch.zeros(2, 2)).backward();
        Assert.Contains(model.named_parameters(), p => p.name.StartsWith("hypernet.", StringComparison.Ordinal) && p.parameter.grad is not null);
    }
}
