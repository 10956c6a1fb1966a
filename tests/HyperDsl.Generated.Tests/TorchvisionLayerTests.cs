using HyperDsl.Generated.Tests.Fixtures.TorchvisionLayers;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Generated.Tests;

/// <summary>
/// The layers and operations torchvision's architectures need (tests/HyperDsl.Compiler.Tests/Emit/Sources/
/// torchvision_layers.hyp), generated and run against TorchSharp's functional ops and closed forms: activations,
/// broadcasting gates, a ConvNeXt block with layer scale and stochastic depth, torch.nn.MultiheadAttention's math,
/// batch norm momentum without affine parameters, ceil-mode pooling and a layer norm over two dimensions.
/// </summary>
public sealed class TorchvisionLayerTests
{
    private static Generator Seeded(ulong seed)
    {
        torch.manual_seed((long)seed);
        return new Generator(seed);
    }

    // A parameter by its state-dict key (learned tensors are registered by path, not exposed as fields).
    private static TorchSharp.Modules.Parameter Param(nn.Module module, string key) => module.named_parameters().Single(p => p.name == key).parameter;

    // Every parameter drawn afresh, so that ones / zeros initial values cannot hide a missing term.
    private static void Randomize(nn.Module module, Generator generator)
    {
        using var noGrad = torch.no_grad();
        foreach (var (_, p) in module.named_parameters()) p.copy_(torch.randn(p.shape, generator: generator) * 0.5 + 0.25);
    }

    [Fact]
    public void Activations_match_their_closed_forms()
    {
        using var scope = torch.NewDisposeScope();
        var model = new ActivationForms();
        var x = torch.linspace(-8, 8, 24).reshape(4, 6);
        var y = model.net.forward(x);
        Assert.Equal([4L, 24L], y.shape);
        TensorAssert.Close(x.clamp(0, 6), y[.., 0..6], what: "relu6");
        TensorAssert.Close(nn.functional.relu6(x), y[.., 0..6], what: "relu6 vs torch");
        TensorAssert.Close(x * (x + 3).clamp(0, 6) / 6, y[.., 6..12], what: "hardswish");
        TensorAssert.Close((x + 3).clamp(0, 6) / 6, y[.., 12..18], what: "hardsigmoid");
        var tanhGelu = 0.5 * x * (1 + ((x + 0.044715 * x.pow(3)) * Math.Sqrt(2 / Math.PI)).tanh());
        TensorAssert.Close(tanhGelu, y[.., 18..24], what: "gelu tanh");
        // The tanh form is an approximation: it differs from the exact erf form somewhere on [-8, 8].
        Assert.True((nn.functional.gelu(x) - y[.., 18..24]).abs().max().item<float>() > 1e-5);
    }

    [Fact]
    public void Squeeze_excitation_vector_gates_and_a_frozen_layer_scale_broadcast_over_channels()
    {
        using var scope = torch.NewDisposeScope();
        var generator = Seeded(5);
        var model = new Gates();
        model.eval();
        Randomize(model, generator);
        var x = torch.randn([3, 4, 5, 5], generator: generator);
        var net = model.net;
        var gate = nn.functional.adaptive_avg_pool2d(x, [1, 1]);
        gate = nn.functional.relu(nn.functional.conv2d(gate, net.fc1.weight, net.fc1.bias));
        gate = nn.functional.hardsigmoid(nn.functional.conv2d(gate, net.fc2.weight, net.fc2.bias));
        var se = gate * x;
        var vector = nn.functional.linear(se.mean([2, 3]), net.vector.weight, net.vector.bias).sigmoid();
        var scale = Param(net, "scaled");
        var expected = se * vector.reshape(3, 4, 1, 1) * scale;
        Assert.False(scale.requires_grad, "the frozen layer scale");
        Assert.Equal([4L, 1L, 1L], scale.shape);
        using var noGrad = torch.no_grad();
        TensorAssert.Close(expected, net.forward(x), what: "gated");
    }

    // The ConvNeXt block's residual branch for the block input h (after the channels-first layer norm).
    private static Tensor Branch(ConvNeXtBlockNetwork net, Tensor h)
    {
        var b = nn.functional.conv2d(h, net.stage_block_0.weight, net.stage_block_0.bias, padding: [3, 3], groups: 8).permute(0, 2, 3, 1);
        b = nn.functional.layer_norm(b, [8], net.stage_block_2.weight, net.stage_block_2.bias, 1e-6);
        b = nn.functional.gelu(nn.functional.linear(b, net.stage_block_3.weight, net.stage_block_3.bias));
        b = nn.functional.linear(b, net.stage_block_5.weight, net.stage_block_5.bias).permute(0, 3, 1, 2);
        return b * Param(net, "stage.layer_scale");
    }

    private static Tensor Stem(ConvNeXtBlockNetwork net, Tensor x) =>
        nn.functional.layer_norm(x.permute(0, 2, 3, 1), [8], net.stem.Weight, net.stem.Bias, 1e-6).permute(0, 3, 1, 2);

    [Fact]
    public void ConvNeXt_block_in_eval_is_the_residual_with_layer_scale_and_no_drop()
    {
        using var scope = torch.NewDisposeScope();
        var generator = Seeded(6);
        var model = new ConvNeXtBlock();
        Randomize(model, generator);
        model.eval();
        var x = torch.randn([2, 8, 6, 6], generator: generator);
        using var noGrad = torch.no_grad();
        var h = Stem(model.net, x);
        var expected = nn.functional.max_pool2d(h + Branch(model.net, h), [4, 4], [4, 4], ceil_mode: true);
        var actual = model.net.forward(x);
        Assert.Equal([2L, 8L, 2L, 2L], actual.shape);
        TensorAssert.Close(expected, actual, what: "eval");
        Assert.Equal([8L, 1L, 1L], Param(model.net, "stage.layer_scale").shape);
    }

    [Fact]
    public void Stochastic_depth_in_training_drops_whole_samples_and_rescales_survivors()
    {
        using var scope = torch.NewDisposeScope();
        var generator = Seeded(7);
        var model = new ConvNeXtBlock();
        Randomize(model, generator);
        model.train();
        const int batch = 400;
        var x = torch.randn([batch, 8, 6, 6], generator: generator);
        using var noGrad = torch.no_grad();
        var h = Stem(model.net, x);
        var branch = Branch(model.net, h);
        var dropped = nn.functional.max_pool2d(h, [4, 4], [4, 4], ceil_mode: true);
        var kept = nn.functional.max_pool2d(h + branch / 0.5, [4, 4], [4, 4], ceil_mode: true);
        var actual = model.net.forward(x);
        var drops = 0;
        for (var i = 0; i < batch; i++)
        {
            var isDropped = (actual[i] - dropped[i]).abs().max().item<float>() < 1e-4;
            var isKept = (actual[i] - kept[i]).abs().max().item<float>() < 1e-4;
            Assert.True(isDropped ^ isKept, $"sample {i} is neither dropped nor kept and rescaled by 1 / (1 - p)");
            if (isDropped) drops++;
        }
        // p = 0.5: the drop count is Binomial(400, 0.5), within 5 standard deviations (10) of 200.
        Assert.InRange(drops, 150, 250);
    }

    [Fact]
    public void Multihead_attention_matches_torch_nn_multihead_attention_math()
    {
        using var scope = torch.NewDisposeScope();
        var generator = Seeded(8);
        var model = new Attention();
        var net = model.net;
        // Initialised like torch.nn.MultiheadAttention: zero in-projection and output biases.
        Assert.Equal(0f, net.attn.Bias!.abs().sum().item<float>());
        Assert.Equal(0f, net.attn_out_proj.bias!.abs().sum().item<float>());
        Assert.Equal([24L, 8L], net.attn.Weight.shape);
        Assert.All(net.parameters(), p => Assert.False(p.requires_grad, "frozen attention"));
        Randomize(model, generator);
        model.eval();
        var x = torch.randn([3, 5, 8], generator: generator);
        using var noGrad = torch.no_grad();
        var qkv = nn.functional.linear(x, net.attn.Weight, net.attn.Bias);
        Tensor Heads(Tensor t) => t.reshape(3, 5, 2, 4).transpose(1, 2);
        var q = Heads(qkv[.., .., 0..8]);
        var k = Heads(qkv[.., .., 8..16]);
        var v = Heads(qkv[.., .., 16..24]);
        var weights = (q.matmul(k.transpose(-2, -1)) / Math.Sqrt(4)).softmax(-1);
        var attended = weights.matmul(v).transpose(1, 2).reshape(3, 5, 8);
        var expected = nn.functional.linear(attended, net.attn_out_proj.weight, net.attn_out_proj.bias);
        TensorAssert.Close(expected, net.forward(x), what: "attention");
        // Attention dropout acts in training only.
        model.train();
        Assert.True((net.forward(x) - expected).abs().max().item<float>() > 1e-3, "attention dropout had no effect in training");
    }

    [Fact]
    public void Batch_norm_momentum_without_affine_ceil_average_pooling_and_two_dimensional_layer_norm()
    {
        using var scope = torch.NewDisposeScope();
        var generator = Seeded(9);
        var model = new Norms();
        var net = model.net;
        Assert.Empty(net.bn.parameters());
        Assert.Empty(net.ln.parameters());
        model.train();
        var x = torch.randn([6, 3, 5, 5], generator: generator) * 2 + 1;
        using var noGrad = torch.no_grad();
        var actual = net.forward(x);
        Assert.Equal([6L, 3L, 3L, 3L], actual.shape);
        // Running statistics move 0.3 of the way from their initial (0, 1) to the batch's (unbiased variance).
        var mean = x.mean([0, 2, 3]);
        var variance = x.var([0L, 2L, 3L], unbiased: true);
        TensorAssert.Close(0.3 * mean, net.bn.running_mean!, what: "running mean");
        TensorAssert.Close(0.7 + 0.3 * variance, net.bn.running_var!, what: "running variance");
        var normalized = (x - mean.reshape(1, 3, 1, 1)) / (x.var([0L, 2L, 3L], unbiased: false).reshape(1, 3, 1, 1) + 1e-5).sqrt();
        var pooled = nn.functional.avg_pool2d(normalized, [2, 2], [2, 2], ceil_mode: true);
        var m = pooled.mean([2L, 3L], keepdim: true);
        var expected = (pooled - m) / (pooled.var([2L, 3L], unbiased: false, keepdim: true) + 1e-5).sqrt();
        TensorAssert.Close(expected, actual, what: "norms");
    }

    [Fact]
    public void State_dict_keys_are_pytorchs_names()
    {
        using var scope = torch.NewDisposeScope();
        // torch.nn.MultiheadAttention's names: the fused projection's tensors, and out_proj as a child module.
        Assert.Equal(["attn.in_proj_bias", "attn.in_proj_weight", "attn.out_proj.bias", "attn.out_proj.weight"],
            new AttentionNetwork().state_dict().Keys.Order(StringComparer.Ordinal));
        var convnext = new ConvNeXtBlockNetwork().state_dict();
        Assert.Equal([8L, 1L, 1L], convnext["stage.layer_scale"].shape);
        Assert.Equal([8L], convnext["stem.weight"].shape);
        Assert.Equal([8L, 1L, 7L, 7L], convnext["stage.block.0.weight"].shape);
        Assert.Equal([8L], convnext["stage.block.2.weight"].shape);
        Assert.Equal([32L, 8L], convnext["stage.block.3.weight"].shape);
        Assert.Equal([8L, 32L], convnext["stage.block.5.weight"].shape);
        // Without affine parameters only the running statistics remain.
        Assert.Equal(["bn.num_batches_tracked", "bn.running_mean", "bn.running_var"], new NormsNetwork().state_dict().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Freezing_the_fused_projection_leaves_its_output_projection_to_its_own_role()
    {
        using var scope = torch.NewDisposeScope();
        var net = new AttentionTrainableOut().net;
        Assert.False(net.attn.Weight.requires_grad);
        Assert.False(net.attn.Bias!.requires_grad);
        Assert.True(net.attn_out_proj.weight.requires_grad);
        Assert.True(net.attn_out_proj.bias!.requires_grad);
    }

    [Fact]
    public void Materialize_copies_the_fused_projection_and_the_generated_output_projection()
    {
        using var scope = torch.NewDisposeScope();
        var generator = Seeded(10);
        var model = new AttentionExternal();
        model.eval();
        var x = torch.randn([4, 5, 8], generator: generator);
        using var noGrad = torch.no_grad();
        var standalone = model.Materialize(new AttentionExternalCondition(torch.tensor(new long[] { 2 })));
        standalone.eval();
        var expected = model.forward(new AttentionExternalCondition(torch.full([4], 2L, dtype: int64)), x);
        TensorAssert.Close(expected, standalone.forward(x), what: "materialized attention");
        TensorAssert.Close(model.net.attn.Weight, standalone.attn.Weight, what: "in_proj_weight");
    }
}
