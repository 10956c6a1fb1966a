using HyperDsl.Generated.Tests.Fixtures.SupportUNet;
using HyperDsl.Tests.Shared;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Generated.Tests;

/// <summary>
/// The generated U-Net (trainable encoder conv, pooling, generated conv, generated transposed conv, skip concatenation,
/// upsampling, generated head) against a per-sample functional reference, forward and gradients.
/// </summary>
public sealed class SupportUNetNumericTests
{
    private static Tensor Reference(SupportUNetNetwork net, Tensor input, IReadOnlyList<Tensor> g)
    {
        var encoder = net.encoder_0_conv.state_dict();
        var rows = new List<Tensor>();
        for (var b = 0; b < input.shape[0]; b++)
        {
            var x = input[b].unsqueeze(0);
            var skip = nn.functional.relu(nn.functional.conv2d(x, encoder["weight"], encoder["bias"], padding: [1, 1]));
            var h = nn.functional.max_pool2d(skip, [2, 2], [2, 2]);
            h = nn.functional.relu(nn.functional.conv2d(h, g[0][b], g[1][b], padding: [1, 1]));
            var up = nn.functional.conv_transpose2d(h, g[2][b], g[3][b], strides: [2, 2]);
            var merged = torch.cat(new[] { up, skip }, 1);
            rows.Add(nn.functional.conv2d(merged, g[4][b], g[5][b]));
        }
        return torch.cat(rows, 0);
    }

    [Fact]
    public void Forward_and_gradients_match_the_per_sample_reference()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(61);
        var model = new SupportUNet();
        model.eval();
        var generator = new Generator(61);
        var image = torch.randn([2, 1, 16, 16], generator: generator);
        var mask = (torch.rand([2, 1, 16, 16], generator: generator) > 0.5).to(float32);
        var (weights, leaves) = TensorAssert.Leaves(model.Generate(new SupportUNetCondition(image, mask)));
        using (torch.no_grad()) foreach (var leaf in leaves) leaf.add_(torch.randn(leaf.shape, generator: generator) * 0.05);
        var input = torch.randn([2, 1, 16, 16], generator: generator);
        var probe = torch.randn([2, 1, 16, 16], generator: generator);
        var x1 = input.clone().requires_grad_(true);
        var actualOutput = model.unet.forward(x1, weights);
        var x2 = input.clone().requires_grad_(true);
        var expectedOutput = Reference(model.unet, x2, leaves);
        TensorAssert.Close(expectedOutput, actualOutput, what: "forward");
        var actual = Gradients.Of([(actualOutput * probe).sum()], [.. leaves, x1]);
        var expected = Gradients.Of([(expectedOutput * probe).sum()], [.. leaves, x2]);
        for (var i = 0; i < expected.Count; i++) TensorAssert.Close(expected[i], actual[i], what: $"gradient {i}");
    }
}
