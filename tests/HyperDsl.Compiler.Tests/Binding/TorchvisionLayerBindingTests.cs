using HyperDsl.Compiler.Semantics.Bound;

namespace HyperDsl.Compiler.Tests.Binding;

/// <summary>What the binder makes of the torchvision-style layers and operations: shapes, layers, tensors and steps.</summary>
public sealed class TorchvisionLayerBindingTests
{
    private static BoundNetwork Net(string input, string body, string blocks = "")
    {
        var result = TestSupport.Compile($"{blocks}\nmodel M {{\n    input x: {input};\n    target network net {{\n{body}\n    }}\n}}\n");
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return Assert.Single(result.File!.Models).Target;
    }

    private static BoundStep Step(BoundNetwork net, string result) => net.Steps.Single(s => s.Result == result);

    [Theory]
    [InlineData(8, 3, 2, 0, false, 3)]
    [InlineData(8, 3, 2, 0, true, 4)]
    [InlineData(112, 3, 2, 0, true, 56)]   // GoogLeNet's first max pool
    [InlineData(112, 3, 2, 0, false, 55)]
    [InlineData(5, 2, 2, 1, true, 3)]      // a last window starting inside the right padding is dropped
    public void Ceil_mode_pooling_rounds_output_sizes_up_as_pytorch_does(int size, int kernel, int stride, int padding, bool ceil, long expected)
    {
        var net = Net($"[4, {size}, {size}]", $"        p = maxpool2d({kernel}, {stride}, {padding}, ceil_mode: {(ceil ? "true" : "false")});");
        var step = Step(net, "p");
        Assert.Equal<long>([4, expected, expected], step.ResultShape);
        Assert.Equal(ceil, step.Op.CeilMode);
    }

    [Fact]
    public void Permute_reorders_the_non_batch_dimensions()
    {
        var net = Net("[8, 4, 6]", "        p = permute([1, 2, 0]);");
        Assert.Equal<long>([4, 6, 8], Step(net, "p").ResultShape);
        Assert.Equal<long>([1, 2, 0], Step(net, "p").Op.Ints);
    }

    [Fact]
    public void Mul_broadcasts_gates_and_reshapes_a_channel_vector()
    {
        var net = Net("[8, 4, 4]", """
                    g = global_avgpool -> linear(8, 8);
                    m = mul(input, g);
                    s = adaptive_avgpool2d(1);
                    n = mul(m, s);
            """);
        var m = Step(net, "m");
        Assert.Equal(StepOpKind.Mul, m.Op.Kind);
        Assert.Equal<long>([8, 4, 4], m.ResultShape);
        var reshape = Step(net, m.Arguments[1]);
        Assert.Equal(StepOpKind.Reshape, reshape.Op.Kind);
        Assert.Equal<long>([8, 1, 1], reshape.ResultShape);
        Assert.Equal("g", reshape.Arguments[0]);
        Assert.Equal<long>([8, 4, 4], Step(net, "n").ResultShape);
        Assert.Equal<string>(["m", "s"], Step(net, "n").Arguments);
    }

    [Fact]
    public void Multihead_attention_is_a_fused_in_projection_and_an_ordinary_output_projection()
    {
        var net = Net("[5, 8]", "        attn = multihead_attention(8, heads: 2, dropout: 0.1);");
        var inProjection = net.Layers.Single(l => l.Path == "attn");
        Assert.Equal(LayerKind.InProjection, inProjection.Kind);
        Assert.Equal<string>(["in_proj_weight", "in_proj_bias"], inProjection.Parameters.Select(p => p.Name));
        Assert.Equal<long>([24, 8], inProjection.Parameters[0].Shape);
        Assert.Equal<long>([24], inProjection.Parameters[1].Shape);
        var outProjection = net.Layers.Single(l => l.Path == "attn.out_proj");
        Assert.Equal(LayerKind.Linear, outProjection.Kind);
        Assert.True(outProjection.Arguments.ZeroInitialBias);
        var attention = net.Steps.Single(s => s.Op.Kind == StepOpKind.Attention);
        Assert.Equal(0.1, attention.Op.Value);
        Assert.Equal<long>([2], attention.Op.Ints);
        Assert.Equal([0L, 8L, 16L], attention.Arguments.Select(a => Step(net, a).Op.Ints[0]));
        Assert.Equal<long>([5, 8], net.OutputShape);
    }

    [Fact]
    public void Lora_applies_to_the_output_projection_but_not_to_the_fused_in_projection()
    {
        const string Template = """
            model M {
                input x: [5, 8];
                condition task = task(count: 2, dim: 4);
                target network net {
                    ROLES
                }
                hypernet from task { body mlp(8); }
            }
            """;
        // A prefix on the statement applies to its eligible layer (the output projection); freezing covers both.
        var prefixed = TestSupport.Compile(Template.Replace("ROLES", "lora(rank: 2, alpha: 2) attn = multihead_attention(8, heads: 2);"));
        Assert.False(prefixed.HasErrors, string.Join("\n", prefixed.Diagnostics));
        var layers = prefixed.File!.Models[0].Target.Layers;
        Assert.Equal(LayerRoleKind.Lora, layers.Single(l => l.Path == "attn.out_proj").Role.Kind);
        Assert.Equal(LayerRoleKind.Trainable, layers.Single(l => l.Path == "attn").Role.Kind);
        var frozen = TestSupport.Compile(Template.Replace("ROLES", "attn = multihead_attention(8, heads: 2); frozen attn; lora(rank: 2, alpha: 2) attn.out_proj;"));
        Assert.Equal(LayerRoleKind.Frozen, frozen.File!.Models[0].Target.Layers.Single(l => l.Path == "attn").Role.Kind);
        // Naming the attention itself in a pattern names the fused in-projection, which LoRA cannot apply to.
        var bad = TestSupport.Compile(Template.Replace("ROLES", "attn = multihead_attention(8, heads: 2); lora(rank: 2, alpha: 2) attn;"));
        Assert.Contains("fused attention in-projection", bad.Single("HYP2012").Message);
    }

    [Fact]
    public void Layer_scale_owns_one_channel_tensor_shaped_for_its_input()
    {
        var net = Net("[8, 4, 4]", "        layer_scale = layer_scale(8, 1e-6);");
        var layer = Assert.Single(net.Layers);
        Assert.Equal(LayerKind.LearnedTensor, layer.Kind);
        var tensor = Assert.Single(layer.Parameters);
        Assert.Equal<long>([8, 1, 1], tensor.Shape);
        // Its state-dict key is the statement's path itself, as ConvNeXt's features.1.0.layer_scale.
        Assert.Equal("layer_scale", layer.KeyOf(tensor.Name));
        Assert.Equal(1e-6, layer.Arguments.TensorFill);
        Assert.Equal(StepOpKind.LayerScale, Assert.Single(net.Steps).Op.Kind);
    }

    [Fact]
    public void Norm_options_are_typed_arguments_and_affine_free_norms_own_no_tensors()
    {
        var net = Net("[3, 5, 5]", """
                    bn = batchnorm2d(3, eps: 0.001, momentum: 0.01, affine: false);
                    ln2 = layernorm2d(3, eps: 1e-6);
                    ln = layernorm([5, 5], elementwise_affine: false);
                    ln1 = layernorm(5, eps: 1e-6);
            """);
        var bn = net.Layers.Single(l => l.Path == "bn");
        Assert.Equal((0.001, 0.01, false), (bn.Arguments.Epsilon, bn.Arguments.Momentum, bn.Arguments.Affine));
        Assert.Empty(bn.Parameters);
        var channelNorm = net.Layers.Single(l => l.Path == "ln2");
        Assert.Equal(LayerKind.LayerNorm2d, channelNorm.Kind);
        Assert.Equal<long>([3], channelNorm.Parameters[0].Shape);
        var ln = net.Layers.Single(l => l.Path == "ln");
        Assert.Equal<long>([5, 5], ln.Arguments.NormalizedShape);
        Assert.Empty(ln.Parameters);
        Assert.Equal<long>([5], net.Layers.Single(l => l.Path == "ln1").Parameters[0].Shape);
    }

    [Fact]
    public void Activations_and_stochastic_depth_bind_to_typed_kinds()
    {
        var net = Net("[8]", """
                    a = relu6;
                    b = hardswish;
                    c = hardsigmoid;
                    d = gelu(approximate: tanh);
                    e = gelu;
                    f = stochastic_depth(0.2, mode: batch);
                    g = stochastic_depth(0.1);
            """);
        Assert.Equal([ActivationKind.ReLU6, ActivationKind.Hardswish, ActivationKind.Hardsigmoid, ActivationKind.GELUTanh, ActivationKind.GELU],
            new[] { "a", "b", "c", "d", "e" }.Select(n => Step(net, n).Op.Activation));
        Assert.Equal((StepOpKind.StochasticDepth, 0.2, DropMode.Batch), (Step(net, "f").Op.Kind, Step(net, "f").Op.Value, Step(net, "f").Op.DropMode));
        Assert.Equal(DropMode.Row, Step(net, "g").Op.DropMode);
    }

    [Fact]
    public void A_value_block_numbers_its_elements_or_iterations_directly_under_the_instance()
    {
        var net = Net("[4, 6, 6]", """
                    features = ConvBn(4) -> Convs(4);
            """, """
            block ConvBn(c) = conv2d(c, c, 3, 1, 1, bias: false) -> batchnorm2d(c);
            block Convs(c) = for i in 0..2: conv2d(c, c, 1);
            """);
        Assert.Equal<string>(["features.0.0", "features.0.1", "features.1.0", "features.1.1"], net.Layers.Select(l => l.Path));
        Assert.Equal<long>([4, 6, 6], net.OutputShape);
    }

    [Fact]
    public void A_hypernetwork_body_takes_the_torchvision_activations()
    {
        var result = TestSupport.Compile("""
            model M {
                input x: [8];
                condition task = task(count: 2, dim: 4);
                target network net { external head = linear(8, 2); }
                hypernet from task { body mlp(16, act: hardswish); }
            }
            """);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Equal(ActivationKind.Hardswish, result.File!.Models[0].Hypernet!.Activation);
    }
}
