using HyperDsl.Runtime.Hypernets;
using HyperDsl.Runtime.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Tests.Layers;

/// <summary>Frozen parameters survive training untouched; materialised layers reproduce the hyper layer for one sample.</summary>
public sealed class FrozenAndMaterializeTests
{
    private sealed class Net : nn.Module<Tensor, Tensor>
    {
        private readonly TargetLinear frozen = new("frozen", 6, 8, true, Role.Frozen, "Net.frozen (t.hyp:1)");
        private readonly TargetLinear q = new("q", 8, 8, true, Role.Lora(2, 4, 0, 1), "Net.q (t.hyp:2)");
        private readonly TargetConv conv = new("conv", 1, 1, 2, [3], [1], [1], [1], 1, true, Role.Frozen, "Net.conv (t.hyp:3)");
        private readonly TargetLinear head = new("head", 16, 1, true, Role.Trainable, "Net.head (t.hyp:4)");
        private readonly HyperNetwork hyper;

        public Net() : base("net")
        {
            var options = new HyperNetworkOptions(BodyKind.Mlp, [8], ActivationKind.ReLU, NormKind.None, 0, 0, 0, 0, StrategyKind.PerLayerHeads, 0, 0, [],
                HyperInit.HyperfanIn, null);
            hyper = new HyperNetwork("hyper", 3, options,
            [
                new("q.lora_a", GeneratedKind.LoraA, [2, 8], 8, 8, 0, "q", 0),
                new("q.lora_b", GeneratedKind.LoraB, [8, 2], 8, 8, 0, "q", 0),
            ]);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            var generated = hyper.forward(x.narrow(1, 0, 3));
            var h = q.forward(frozen.forward(x).relu(), generated).relu();       // [B, 8]
            var c = conv.forward(h.unsqueeze(1)).flatten(1);                       // [B, 16]
            return head.forward(c);
        }
    }

    [Fact]
    public void FrozenWeightsAreBitIdenticalAfterAdamWStepsWithWeightDecay()
    {
        manual_seed(31);
        var net = new Net();
        var before = net.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        var frozenKeys = new[] { "frozen.weight", "frozen.bias", "q.weight", "q.bias", "conv.weight", "conv.bias" };
        var optimizer = optim.AdamW(net.parameters(), lr: 0.1, weight_decay: 0.1);

        for (var step = 0; step < 3; step++)
        {
            optimizer.zero_grad();
            var loss = net.forward(randn(4, 6)).square().mean();
            loss.backward();
            optimizer.step();
        }

        var after = net.state_dict();
        foreach (var key in frozenKeys)
        {
            Assert.False(((Parameter)net.named_parameters().Single(p => p.name == key).parameter).requires_grad, key);
            TensorAssert.Identical(before[key], after[key], key);
        }
        Assert.False(before["head.weight"].equal(after["head.weight"]).all().item<bool>(), "the trainable head should have moved");
        Assert.False(before["hyper.heads.0.weight"].equal(after["hyper.heads.0.weight"]).all().item<bool>(), "the hypernetwork should have moved");
    }

    [Theory]
    [InlineData("external")]
    [InlineData("external-bias")]
    [InlineData("lora")]
    public void AMaterialisedLinearLayerReproducesTheHyperLayerForItsSample(string kind)
    {
        manual_seed(32);
        const long batch = 3;
        var (role, tensors) = kind switch
        {
            "external" => (Role.External(0, 1), new[] { randn(batch, 4, 6), randn(batch, 4) }),
            "external-bias" => (Role.External(null, 0), new[] { randn(batch, 4) }),
            _ => (Role.Lora(2, 3, 0, 1), new[] { randn(batch, 2, 6), randn(batch, 4, 2) }),
        };
        var layer = new TargetLinear("fc", 6, 4, true, role, "T.fc (t.hyp:5)");
        var generated = new GeneratedWeights(tensors, tensors.Select((_, i) => $"slot{i}").ToArray());
        var input = randn(batch, 5, 6);
        var hyperOutput = layer.forward(input, generated);

        for (var sample = 0; sample < batch; sample++)
        {
            var plain = new TargetLinear("fc", 6, 4, true, Role.Trainable, "plain");
            layer.MaterializeInto(plain, generated, sample);
            TensorAssert.Close(hyperOutput[sample], plain.forward(input[sample]), 1e-5, $"sample {sample}");
            Assert.True(plain.Weight!.requires_grad);
        }
    }

    [Fact]
    public void MaterialisingIntoALayerOfAnotherShapeIsAClearError()
    {
        var layer = new TargetLinear("fc", 6, 4, true, Role.Trainable, "T.fc (t.hyp:5)");
        var other = new TargetLinear("fc", 6, 5, true, Role.Trainable, "plain");
        var error = Assert.Throws<HyperDslShapeException>(() => layer.MaterializeInto(other, null, 0));
        Assert.Contains("T.fc (t.hyp:5)", error.Message);
    }
}
