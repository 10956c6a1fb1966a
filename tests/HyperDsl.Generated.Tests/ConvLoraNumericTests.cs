using HyperDsl.Generated.Tests.Fixtures.ConvLora;
using HyperDsl.Tests.Shared;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Generated.Tests;

/// <summary>
/// The generated conv model (trainable conv, generated conv as one grouped convolution, group norm, pooling, LoRA head)
/// against a functional reference applying each sample's weights separately: forward, gradients and Materialize.
/// </summary>
public sealed class ConvLoraNumericTests
{
    private const int Batch = 3;

    private static (ConvLora Model, ConvLoraCondition Condition, Tensor Input) Setup(ulong seed)
    {
        torch.manual_seed((long)seed);
        var model = new ConvLora();
        model.eval();
        var generator = new Generator(seed);
        var condition = new ConvLoraCondition(torch.randn([Batch, 3], generator: generator));
        return (model, condition, torch.randn([Batch, 3, 8, 8], generator: generator));
    }

    private static Tensor Reference(ConvLoraNetwork net, Tensor input, IReadOnlyList<Tensor> g, Tensor? stemWeight = null)
    {
        var stem = net.stem.state_dict();
        var norm = net.blocks_0_norm.state_dict();
        var head = net.head.state_dict();
        var rows = new List<Tensor>();
        for (var b = 0; b < input.shape[0]; b++)
        {
            var x = input[b].unsqueeze(0);
            x = nn.functional.relu(nn.functional.conv2d(x, stemWeight ?? stem["weight"], stem["bias"], padding: [1, 1]));
            x = nn.functional.max_pool2d(x, [2, 2], [2, 2]);
            x = nn.functional.conv2d(x, g[0][b], g[1][b], padding: [1, 1]);
            x = nn.functional.gelu(nn.functional.group_norm(x, 2, norm["weight"], norm["bias"]));
            x = nn.functional.adaptive_avg_pool2d(x, [1, 1]).flatten(1);
            // LoRA rank 2, alpha 4: W x + b + (4 / 2) * B (A x), with W and b frozen.
            rows.Add(nn.functional.linear(x, head["weight"], head["bias"]) + 2.0 * x.matmul(g[2][b].t()).matmul(g[3][b].t()));
        }
        return torch.cat(rows, 0);
    }

    [Fact]
    public void Forward_matches_the_per_sample_reference()
    {
        using var scope = torch.NewDisposeScope();
        var (model, condition, input) = Setup(21);
        using var noGrad = torch.no_grad();
        var generated = model.Generate(condition);
        // A LoRA B initialised to zero would hide the delta; make it non-zero so the test sees it.
        var (weights, leaves) = TensorAssert.Leaves(generated);
        leaves[3].add_(torch.randn(leaves[3].shape, generator: new Generator(5)) * 0.1);
        var expected = Reference(model.cnn, input, leaves);
        TensorAssert.Close(expected, model.cnn.forward(input, weights), what: "forward");
    }

    [Fact]
    public void Gradients_match_the_per_sample_reference()
    {
        using var scope = torch.NewDisposeScope();
        var (model, condition, input) = Setup(22);
        var probe = torch.randn([Batch, 4], generator: new Generator(6));
        var (weights, leaves) = TensorAssert.Leaves(model.Generate(condition));
        using (torch.no_grad()) leaves[3].add_(torch.randn(leaves[3].shape, generator: new Generator(7)) * 0.1);
        var stem = model.cnn.stem.weight;
        var x1 = input.clone().requires_grad_(true);
        var actual = Gradients.Of([(model.cnn.forward(x1, weights) * probe).sum()], [.. leaves, x1, stem]);
        var x2 = input.clone().requires_grad_(true);
        var expected = Gradients.Of([(Reference(model.cnn, x2, leaves, stem) * probe).sum()], [.. leaves, x2, stem]);
        for (var i = 0; i < expected.Count; i++) TensorAssert.Close(expected[i], actual[i], what: $"gradient {i}");
    }

    [Fact]
    public void Materialized_network_matches_the_hypernetwork_model_for_its_condition()
    {
        using var scope = torch.NewDisposeScope();
        var (model, condition, input) = Setup(23);
        var first = condition.clinical[..1];
        var standalone = model.Materialize(new ConvLoraCondition(first));
        standalone.eval();
        using var noGrad = torch.no_grad();
        var repeated = new ConvLoraCondition(first.expand(Batch, -1).contiguous());
        TensorAssert.Close(model.forward(repeated, input), standalone.forward(input), what: "materialized forward");
        Assert.All(standalone.parameters(), p => Assert.True(p.requires_grad));
    }
}
