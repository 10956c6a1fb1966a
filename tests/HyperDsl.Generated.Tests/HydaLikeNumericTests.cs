using HyperDsl.Generated.Tests.Fixtures.HydaLike;
using HyperDsl.Tests.Shared;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Generated.Tests;

/// <summary>
/// The generated HyDA-like model (three generated linear layers, task embedding) against a hand-written functional
/// reference that applies each sample's generated weights in a loop: forward, gradients, Materialize, training.
/// </summary>
public sealed class HydaLikeNumericTests
{
    private const int Batch = 5;

    private static (HydaLike Model, HydaLikeCondition Condition, Tensor Input) Setup(long seed)
    {
        var generator = new Generator((ulong)seed);
        torch.manual_seed(seed);
        var model = new HydaLike();
        model.eval();
        var condition = new HydaLikeCondition(torch.tensor(new long[] { 0, 1, 2, 3, 1 }));
        var input = torch.randn([Batch, 16], generator: generator);
        return (model, condition, input);
    }

    // The reference: per sample b, y = W3 relu(W2 relu(W1 x + b1) + b2) + b3 with that sample's generated tensors.
    private static Tensor Reference(Tensor input, IReadOnlyList<Tensor> g)
    {
        var rows = new List<Tensor>();
        for (var b = 0; b < input.shape[0]; b++)
        {
            var x = input[b].unsqueeze(0);
            x = nn.functional.relu(nn.functional.linear(x, g[0][b], g[1][b]));
            x = nn.functional.relu(nn.functional.linear(x, g[2][b], g[3][b]));
            rows.Add(nn.functional.linear(x, g[4][b], g[5][b]));
        }
        return torch.cat(rows, 0);
    }

    [Fact]
    public void Forward_matches_the_per_sample_reference()
    {
        using var scope = torch.NewDisposeScope();
        var (model, condition, input) = Setup(11);
        using var noGrad = torch.no_grad();
        var generated = model.Generate(condition);
        Assert.Equal(6, generated.Count);
        var expected = Reference(input, Enumerable.Range(0, 6).Select(i => generated[i]).ToArray());
        TensorAssert.Close(expected, model.forward(condition, input), what: "forward");
        // The embedding the hypernetwork reads is the task embedding table's rows.
        var table = model.task.parameters().Single();
        TensorAssert.Close(table.index_select(0, condition.task), model.Embed(condition), what: "embedding");
    }

    [Fact]
    public void Gradients_match_the_per_sample_reference()
    {
        using var scope = torch.NewDisposeScope();
        var (model, condition, input) = Setup(12);
        var probe = torch.randn([Batch, 1], generator: new Generator(3));
        var (weights, leaves) = TensorAssert.Leaves(model.Generate(condition));
        var x1 = input.clone().requires_grad_(true);
        var actual = Gradients.Of([(model.regressor.forward(x1, weights) * probe).sum()], [.. leaves, x1]);
        var x2 = input.clone().requires_grad_(true);
        var expected = Gradients.Of([(Reference(x2, leaves) * probe).sum()], [.. leaves, x2]);
        for (var i = 0; i < expected.Count; i++) TensorAssert.Close(expected[i], actual[i], what: $"gradient {i}");
    }

    [Fact]
    public void Materialized_network_matches_the_hypernetwork_model_for_its_condition()
    {
        using var scope = torch.NewDisposeScope();
        var (model, _, input) = Setup(13);
        var single = new HydaLikeCondition(torch.tensor(new long[] { 2 }));
        var repeated = new HydaLikeCondition(torch.full([Batch], 2L, dtype: int64));
        var standalone = model.Materialize(single);
        standalone.eval();
        using var noGrad = torch.no_grad();
        TensorAssert.Close(model.forward(repeated, input), standalone.forward(input), what: "materialized forward");
        Assert.All(standalone.parameters(), p => Assert.True(p.requires_grad));
        Assert.Equal(["fc1.bias", "fc1.weight", "fc2.bias", "fc2.weight", "fc3.bias", "fc3.weight"],
            standalone.state_dict().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Gradients_reach_the_hypernetwork_and_the_encoder()
    {
        using var scope = torch.NewDisposeScope();
        var (model, condition, input) = Setup(14);
        model.train();
        var target = torch.randn([Batch, 1], generator: new Generator(4));
        var generated = model.Generate(condition);
        var loss = model.Loss(model.regressor.forward(input, generated), target) + model.RegularizationLoss(generated);
        loss.backward();
        foreach (var (name, parameter) in model.named_parameters())
        {
            Assert.True(parameter.grad is not null, $"{name} has no gradient");
            if (name.StartsWith("hypernet.", StringComparison.Ordinal) || name.StartsWith("task.", StringComparison.Ordinal))
                Assert.True(parameter.grad!.abs().sum().item<float>() > 0 || name.Contains("bias"), $"{name} has a zero gradient");
        }
        Assert.Contains(model.named_parameters(), p => p.name.StartsWith("task.", StringComparison.Ordinal));
        Assert.Contains(model.named_parameters(), p => p.name.StartsWith("hypernet.", StringComparison.Ordinal));
    }
}
