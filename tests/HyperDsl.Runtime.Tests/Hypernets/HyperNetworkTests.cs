using HyperDsl.Runtime.Hypernets;
using HyperDsl.Runtime.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Tests.Hypernets;

/// <summary>Hypernetwork bodies and strategies: shapes, gradients, splitting, bounds and errors.</summary>
public sealed class HyperNetworkTests
{
    private const long ConditionSize = 5;
    private const long Batch = 3;

    // Two linear layers of type "fc" (weight + bias each) and one LoRA module of type "q" at depth 1.
    private static readonly GeneratedTensorSpec[] Specs =
    [
        new("fc1.weight", GeneratedKind.Weight, [4, 3], 3, 4, 0, "fc", 0),
        new("fc1.bias", GeneratedKind.Bias, [4], 3, 4, 0, "fc", 0),
        new("fc2.weight", GeneratedKind.Weight, [4, 3], 3, 4, 1, "fc", 1),
        new("fc2.bias", GeneratedKind.Bias, [4], 3, 4, 1, "fc", 1),
        new("q.lora_a", GeneratedKind.LoraA, [2, 3], 3, 4, 2, "q", 1),
        new("q.lora_b", GeneratedKind.LoraB, [4, 2], 3, 4, 2, "q", 1),
    ];

    private static HyperNetworkOptions Options(BodyKind body, StrategyKind strategy, NormKind norm = NormKind.None, HyperInit init = HyperInit.HyperfanIn,
        double? bound = null, double dropout = 0) =>
        new(body, [8, 7], ActivationKind.SiLU, norm, dropout, Latent: 8, Blocks: 2, HeadInput: 6, strategy, ChunkSize: 10, EmbeddingSize: 4,
            [ComponentAttribute.Depth, ComponentAttribute.Type, ComponentAttribute.Index], init, bound);

    public static TheoryData<BodyKind, StrategyKind, NormKind, HyperInit> Combinations()
    {
        var data = new TheoryData<BodyKind, StrategyKind, NormKind, HyperInit>();
        foreach (var strategy in Enum.GetValues<StrategyKind>())
        {
            data.Add(BodyKind.Mlp, strategy, NormKind.None, HyperInit.HyperfanIn);
            data.Add(BodyKind.ResidualMlp, strategy, NormKind.None, HyperInit.HyperfanOut);
            data.Add(BodyKind.Mixer, strategy, NormKind.None, HyperInit.Default);
        }
        data.Add(BodyKind.Mlp, StrategyKind.AllAtOnce, NormKind.LayerNorm, HyperInit.HyperfanIn);
        data.Add(BodyKind.Mlp, StrategyKind.PerComponent, NormKind.BatchNorm, HyperInit.HyperfanIn);
        return data;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void EveryBodyAndStrategyGeneratesShapedTensorsAndGradientsReachEveryParameter(BodyKind body, StrategyKind strategy, NormKind norm,
        HyperInit init)
    {
        manual_seed(7);
        var hypernet = new HyperNetwork("hyper", ConditionSize, Options(body, strategy, norm, init, dropout: 0.05), Specs);

        var generated = hypernet.forward(randn(Batch, ConditionSize));

        Assert.Equal(Specs.Length, generated.Count);
        for (var slot = 0; slot < Specs.Length; slot++)
        {
            Assert.Equal(new[] { Batch }.Concat(Specs[slot].Shape).ToArray(), generated[slot].shape);
            Assert.Equal(Specs[slot].Name, generated.NameOf(slot));
        }
        var loss = Enumerable.Range(0, generated.Count).Select(s => (generated[s] * randn_like(generated[s])).sum()).Aggregate((a, b) => a + b);
        loss.backward();
        foreach (var (name, parameter) in hypernet.named_parameters())
        {
            Assert.True(parameter.grad is not null, $"{name} got no gradient");
            Assert.True(parameter.grad!.abs().sum().item<float>() > 0, $"{name} got a zero gradient");
        }
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void TheRegisteredParametersAreTheContractLayoutInOrder(BodyKind body, StrategyKind strategy, NormKind norm, HyperInit init)
    {
        var hypernet = new HyperNetwork("hyper", ConditionSize, Options(body, strategy, norm, init), Specs);

        // The layout is computed again from the inputs alone: the compiler's `hyperdsl params` calls the same function.
        var expected = HypernetLayout.Of(ConditionSize, Options(body, strategy, norm, init), Specs).Parameters()
            .Select(p => (p.Name, Shape: string.Join(",", p.Shape))).ToList();
        var actual = hypernet.named_parameters().Select(p => (p.name, Shape: string.Join(",", p.parameter.shape))).ToList();

        Assert.Equal(expected, actual);
        Assert.Equal(expected.Count, hypernet.parameters().Count());
    }

    [Fact]
    public void PerComponentRunsTheBodyPerComponentOnSummedAttributeEmbeddingsAndOneHeadPerType()
    {
        manual_seed(8);
        var options = Options(BodyKind.Mlp, StrategyKind.PerComponent) with { Widths = [6], Activation = ActivationKind.Tanh };
        var hypernet = new HyperNetwork("hyper", ConditionSize, options, Specs);
        var p = hypernet.named_parameters().ToDictionary(x => x.name, x => (Tensor)x.parameter);
        Assert.Equal(
            ["body.linears.0.bias", "body.linears.0.weight", "component_embeddings.depth.weight", "component_embeddings.index.weight",
             "component_embeddings.type.weight", "heads.0.bias", "heads.0.weight", "heads.1.bias", "heads.1.weight"],
            p.Keys.Order());
        Assert.Equal([2L, 4], p["component_embeddings.depth.weight"].shape);     // depths 0 and 1
        Assert.Equal([2L, 4], p["component_embeddings.type.weight"].shape);      // types fc and q
        Assert.Equal([3L, 4], p["component_embeddings.index.weight"].shape);     // three components
        Assert.Equal([16L, 6], p["heads.0.weight"].shape);                       // fc: weight 12 + bias 4
        Assert.Equal([14L, 6], p["heads.1.weight"].shape);                       // q: A 6 + B 8
        var condition = randn(Batch, ConditionSize);

        var generated = hypernet.forward(condition);

        // (component, depth, type) and the slots of each component.
        (int Component, int Depth, int Type, int Head, int[] Slots)[] components = [(0, 0, 0, 0, [0, 1]), (1, 1, 0, 0, [2, 3]), (2, 1, 1, 1, [4, 5])];
        foreach (var (component, depth, type, head, slots) in components)
        {
            var embedding = p["component_embeddings.depth.weight"][depth] + p["component_embeddings.type.weight"][type]
                + p["component_embeddings.index.weight"][component];
            var input = cat([condition, embedding.unsqueeze(0).expand(Batch, 4)], 1);
            var hidden = nn.functional.linear(input, p["body.linears.0.weight"], p["body.linears.0.bias"]).tanh();
            var values = nn.functional.linear(hidden, p[$"heads.{head}.weight"], p[$"heads.{head}.bias"]);
            var expected = values.split(slots.Select(s => Specs[s].Count).ToArray(), 1);
            for (var k = 0; k < slots.Length; k++)
                Layers.TensorAssert.Close(expected[k], generated[slots[k]].reshape(Batch, -1), 1e-5, Specs[slots[k]].Name);
        }
    }

    [Fact]
    public void ChunkedConcatenatesChunksTruncatesAndSplits()
    {
        manual_seed(9);
        var options = Options(BodyKind.Mlp, StrategyKind.Chunked) with { Widths = [6], Activation = ActivationKind.Tanh, ChunkSize = 7 };
        var hypernet = new HyperNetwork("hyper", ConditionSize, options, Specs);
        var p = hypernet.named_parameters().ToDictionary(x => x.name, x => (Tensor)x.parameter);
        Assert.Equal(46, hypernet.TotalValues);
        Assert.Equal(7, hypernet.ChunkCount);                                     // ceil(46 / 7): the last chunk is truncated
        Assert.Equal([7L, 4], p["chunk_embeddings"].shape);
        Assert.Equal([7L, 6], p["heads.0.weight"].shape);
        var condition = randn(Batch, ConditionSize);

        var generated = hypernet.forward(condition);

        var chunks = Enumerable.Range(0, 7).Select(k =>
        {
            var input = cat([condition, p["chunk_embeddings"][k].unsqueeze(0).expand(Batch, 4)], 1);
            var hidden = nn.functional.linear(input, p["body.linears.0.weight"], p["body.linears.0.bias"]).tanh();
            return nn.functional.linear(hidden, p["heads.0.weight"], p["heads.0.bias"]);
        }).ToArray();
        var all = cat(chunks, 1).narrow(1, 0, 46);
        var expected = all.split(Specs.Select(s => s.Count).ToArray(), 1);
        for (var slot = 0; slot < Specs.Length; slot++)
            Layers.TensorAssert.Close(expected[slot], generated[slot].reshape(Batch, -1), 1e-5, Specs[slot].Name);
    }

    [Fact]
    public void PerLayerHeadsHasOneHeadPerGeneratedLayer()
    {
        manual_seed(10);
        var hypernet = new HyperNetwork("hyper", ConditionSize, Options(BodyKind.Mlp, StrategyKind.PerLayerHeads), Specs);
        var keys = hypernet.state_dict().Keys.ToHashSet();
        Assert.Contains("body.linears.1.weight", keys);
        Assert.Equal([16L, 7], hypernet.state_dict()["heads.0.weight"].shape);   // fc1 weight + bias
        Assert.Equal([16L, 7], hypernet.state_dict()["heads.1.weight"].shape);   // fc2
        Assert.Equal([14L, 7], hypernet.state_dict()["heads.2.weight"].shape);   // q A + B
        Assert.DoesNotContain("heads.3.weight", keys);
    }

    [Fact]
    public void AllAtOnceSplitsOneHeadsOutputInSlotOrder()
    {
        manual_seed(11);
        var hypernet = new HyperNetwork("hyper", ConditionSize, Options(BodyKind.Mlp, StrategyKind.AllAtOnce) with { Widths = [] }, Specs);
        var p = hypernet.named_parameters().ToDictionary(x => x.name, x => (Tensor)x.parameter);
        Assert.Equal(["heads.0.bias", "heads.0.weight"], p.Keys.Order());
        var condition = randn(Batch, ConditionSize);

        var generated = hypernet.forward(condition);

        var all = nn.functional.linear(condition, p["heads.0.weight"], p["heads.0.bias"]);
        Layers.TensorAssert.Close(all, cat(Enumerable.Range(0, Specs.Length).Select(s => generated[s].reshape(Batch, -1)).ToArray(), 1), 1e-6);
    }

    [Fact]
    public void TheBoundKeepsEveryGeneratedValueWithinTheScale()
    {
        manual_seed(12);
        const double scale = 0.05;
        var hypernet = new HyperNetwork("hyper", ConditionSize, Options(BodyKind.Mlp, StrategyKind.AllAtOnce, init: HyperInit.Default, bound: scale), Specs);

        var generated = hypernet.forward(randn(Batch, ConditionSize) * 1000);

        var largest = Enumerable.Range(0, generated.Count).Max(s => generated[s].abs().max().item<float>());
        Assert.True(largest <= scale * (1 + 1e-6), $"largest |w| = {largest}");
        Assert.True(largest > 0.9 * scale, $"a saturating condition should approach the bound, largest |w| = {largest}");
    }

    [Fact]
    public void ComponentsOfOneTypeMustGenerateTheSameTensors()
    {
        GeneratedTensorSpec[] specs =
        [
            new("fc1.weight", GeneratedKind.Weight, [4, 3], 3, 4, 0, "fc", 0),
            new("fc2.weight", GeneratedKind.Weight, [5, 3], 3, 5, 1, "fc", 1),
        ];
        var error = Assert.Throws<ArgumentException>(() => new HyperNetwork("hyper", ConditionSize, Options(BodyKind.Mlp, StrategyKind.PerComponent), specs));
        Assert.Contains("'fc'", error.Message);
    }

    [Theory]
    [InlineData(StrategyKind.PerComponent)]
    [InlineData(StrategyKind.Chunked)]
    public void ANetworkBuiltInsideADisposeScopeKeepsEveryParameter(StrategyKind strategy)
    {
        manual_seed(14);
        var outside = new HyperNetwork("hyper", ConditionSize, Options(BodyKind.Mlp, strategy), Specs).named_parameters().Select(p => p.name).ToArray();
        HyperNetwork inside;
        using (NewDisposeScope())
            inside = new HyperNetwork("hyper", ConditionSize, Options(BodyKind.Mlp, strategy), Specs);
        var layer = default(TargetLinear);
        using (NewDisposeScope())
            layer = new TargetLinear("fc", 3, 4, true, Role.Trainable, "T.fc (t.hyp:1)");

        Assert.Equal(outside, inside.named_parameters().Select(p => p.name).ToArray());
        Assert.All(inside.parameters(), p => Assert.True(p.isfinite().all().item<bool>()));
        Assert.Equal(["weight", "bias"], layer.named_parameters().Select(p => p.name).ToArray());
        Assert.Equal([Batch, 4L], layer.forward(randn(Batch, 3)).shape);
    }

    [Theory]
    [InlineData(BodyKind.ResidualMlp)]
    [InlineData(BodyKind.Mixer)]
    public void ResidualAndMixerBodiesFollowHyperCtsArchitecture(BodyKind body)
    {
        manual_seed(15);
        // Latent 8, 2 residual blocks, head input 6, SiLU; AllAtOnce so one head reads the body output.
        var hypernet = new HyperNetwork("hyper", ConditionSize, Options(body, StrategyKind.AllAtOnce), Specs);
        var p = hypernet.named_parameters().ToDictionary(x => x.name, x => (Tensor)x.parameter);
        Assert.Equal([8L, ConditionSize], p["body.input_fc1.weight"].shape);
        Assert.Equal(body == BodyKind.Mixer, p.ContainsKey("body.input_fc2.weight"));
        Assert.Equal([8L, 8], p["body.blocks.1.fc2.weight"].shape);
        Assert.False(p.ContainsKey("body.blocks.2.fc1.weight"));
        Assert.Equal([6L, 8], p["body.output_fc1.weight"].shape);
        Assert.Equal([6L, 6], p["body.output_fc2.weight"].shape);
        var condition = randn(Batch, ConditionSize);

        var generated = hypernet.forward(condition);

        Tensor Linear(Tensor x, string name) => nn.functional.linear(x, p[name + ".weight"], p[name + ".bias"]);
        Tensor Norm(Tensor x, string name) => nn.functional.layer_norm(x, [x.shape[^1]], p[name + ".weight"], p[name + ".bias"]);
        var h = Linear(condition, "body.input_fc1");
        if (body == BodyKind.Mixer)
            h = nn.functional.silu(Linear(nn.functional.silu(h), "body.input_fc2"));
        for (var block = 0; block < 2; block++)
        {
            var branch = nn.functional.silu(Linear(Norm(h, $"body.blocks.{block}.norm"), $"body.blocks.{block}.fc1"));
            h = h + nn.functional.silu(Linear(branch, $"body.blocks.{block}.fc2"));
        }
        h = nn.functional.silu(Linear(Norm(h, "body.output_norm"), "body.output_fc1"));
        h = nn.functional.silu(Linear(h, "body.output_fc2"));
        var expected = Linear(h, "heads.0");
        Layers.TensorAssert.Close(expected, cat(Enumerable.Range(0, Specs.Length).Select(s => generated[s].reshape(Batch, -1)).ToArray(), 1), 1e-5);
    }

    [Fact]
    public void AWronglySizedConditionIsAShapeError()
    {
        var hypernet = new HyperNetwork("hyper", ConditionSize, Options(BodyKind.Mlp, StrategyKind.AllAtOnce), Specs);
        var error = Assert.Throws<HyperDslShapeException>(() => hypernet.forward(zeros(Batch, ConditionSize + 1)));
        Assert.Contains("hyper", error.Message);
        Assert.Contains("[B, 5]", error.Message);
        Assert.Contains("[3, 6]", error.Message);
    }

    [Fact]
    public void SquaredNormsAreTheSumsOfSquares()
    {
        manual_seed(13);
        var hypernet = new HyperNetwork("hyper", ConditionSize, Options(BodyKind.ResidualMlp, StrategyKind.PerLayerHeads), Specs);
        var generated = hypernet.forward(randn(Batch, ConditionSize));

        var parameterSum = hypernet.parameters().Sum(p => p.square().sum().item<float>());
        Assert.Equal(parameterSum, hypernet.ParameterSquaredNorm().item<float>(), parameterSum * 1e-5);
        var generatedSum = Enumerable.Range(0, generated.Count).Sum(s => generated[s].square().sum().item<float>()) / Batch;
        Assert.Equal(generatedSum, generated.SquaredNorm().item<float>(), generatedSum * 1e-5);

        var one = generated.Select(1);
        Assert.Equal(1, one.BatchSize);
        Layers.TensorAssert.Identical(generated[4][1], one[4][0]);
    }
}
