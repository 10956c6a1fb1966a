using HyperDsl.Generated.Tests.Fixtures.LoraVit;
using HyperDsl.Tests.Shared;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Generated.Tests;

/// <summary>
/// The generated ViT block (patch embedding, class token, positional embedding, LoRA q/v on frozen projections,
/// multi-head attention, residual, class-token head) against a per-sample reference with attention written out
/// (softmax(q kᵀ / √d) v per head): forward and gradients; and Materialize merges the LoRA deltas.
/// </summary>
public sealed class LoraVitNumericTests
{
    private static Tensor Lora(Tensor x, TorchSharp.Modules.Parameter w, TorchSharp.Modules.Parameter? bias, Tensor a, Tensor b) =>
        nn.functional.linear(x, w, bias) + 1.0 * x.matmul(a.t()).matmul(b.t()); // alpha 2 / rank 2

    private static Tensor Attention(Tensor q, Tensor k, Tensor v, int heads)
    {
        var (tokens, width) = (q.shape[1], q.shape[2]);
        var d = width / heads;
        Tensor Split(Tensor t) => t.reshape(1, tokens, heads, d).transpose(1, 2);
        var scores = Split(q).matmul(Split(k).transpose(-2, -1)) / Math.Sqrt(d);
        return nn.functional.softmax(scores, -1).matmul(Split(v)).transpose(1, 2).reshape(1, tokens, width);
    }

    private static Tensor Reference(LoraVitNetwork net, Tensor input, IReadOnlyList<Tensor> g)
    {
        var norm = net.blocks_0_norm1.state_dict();
        var rows = new List<Tensor>();
        for (var b = 0; b < input.shape[0]; b++)
        {
            var x = nn.functional.conv2d(input[b].unsqueeze(0), net.patch.weight, net.patch.bias, strides: [4, 4]);
            var t = x.flatten(2).transpose(1, 2);
            t = torch.cat(new[] { net.get_parameter("cls_token")!, t }, 1) + net.get_parameter("pos_embed")!;
            var n = nn.functional.layer_norm(t, [16], norm["weight"], norm["bias"]);
            var q = Lora(n, net.blocks_0_attn_q.Weight!, net.blocks_0_attn_q.Bias, g[0][b], g[1][b]);
            var k = nn.functional.linear(n, net.blocks_0_attn_k.weight, net.blocks_0_attn_k.bias);
            var v = Lora(n, net.blocks_0_attn_v.Weight!, net.blocks_0_attn_v.Bias, g[2][b], g[3][b]);
            var o = nn.functional.linear(Attention(q, k, v, 2), net.blocks_0_attn_o.weight, net.blocks_0_attn_o.bias);
            var cls = (t + o).select(1, 0);
            rows.Add(nn.functional.linear(cls, net.head.weight, net.head.bias));
        }
        return torch.cat(rows, 0);
    }

    [Fact]
    public void Forward_and_gradients_match_the_reference_with_explicit_attention()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(71);
        var model = new LoraVit();
        model.eval();
        var generator = new Generator(71);
        var (weights, leaves) = TensorAssert.Leaves(model.Generate(new LoraVitCondition(torch.tensor(new long[] { 0, 2 }))));
        using (torch.no_grad()) foreach (var leaf in leaves) leaf.add_(torch.randn(leaf.shape, generator: generator) * 0.1);
        var input = torch.randn([2, 3, 8, 8], generator: generator);
        var probe = torch.randn([2, 3], generator: generator);
        var x1 = input.clone().requires_grad_(true);
        var actualOutput = model.vit.forward(x1, weights);
        var x2 = input.clone().requires_grad_(true);
        var expectedOutput = Reference(model.vit, x2, leaves);
        TensorAssert.Close(expectedOutput, actualOutput, what: "forward");
        var actual = Gradients.Of([(actualOutput * probe).sum()], [.. leaves, x1]);
        var expected = Gradients.Of([(expectedOutput * probe).sum()], [.. leaves, x2]);
        for (var i = 0; i < expected.Count; i++) TensorAssert.Close(expected[i], actual[i], what: $"gradient {i}");
    }

    [Fact]
    public void Materialize_merges_the_lora_deltas()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(72);
        var model = new LoraVit();
        model.eval();
        var condition = new LoraVitCondition(torch.tensor(new long[] { 1 }));
        var standalone = model.Materialize(condition);
        standalone.eval();
        var input = torch.randn(3, 3, 8, 8);
        using var noGrad = torch.no_grad();
        var repeated = new LoraVitCondition(torch.tensor(new long[] { 1, 1, 1 }));
        TensorAssert.Close(model.forward(repeated, input), standalone.forward(input), what: "materialized ViT");
    }
}
