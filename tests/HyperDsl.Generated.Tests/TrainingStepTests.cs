using HyperDsl.Generated.Tests.Fixtures.LoraVit;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Generated.Tests;

/// <summary>Frozen weights (frozen layers, the frozen base of LoRA layers, frozen norms) survive an optimizer step bit for bit.</summary>
public sealed class TrainingStepTests
{
    [Fact]
    public void Frozen_weights_stay_bit_identical_after_an_optimizer_step()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(31);
        var model = new LoraVit();
        var frozen = model.named_parameters().Where(p => !p.parameter.requires_grad).ToDictionary(p => p.name, p => p.parameter.detach().clone());
        var trainable = model.named_parameters().Where(p => p.parameter.requires_grad).ToDictionary(p => p.name, p => p.parameter.detach().clone());
        Assert.Equal(
            ["vit.blocks.0.attn.k.bias", "vit.blocks.0.attn.k.weight", "vit.blocks.0.attn.o.bias", "vit.blocks.0.attn.o.weight",
             "vit.blocks.0.attn.q.bias", "vit.blocks.0.attn.q.weight", "vit.blocks.0.attn.v.bias", "vit.blocks.0.attn.v.weight",
             "vit.blocks.0.norm1.bias", "vit.blocks.0.norm1.weight", "vit.patch.bias", "vit.patch.weight"],
            frozen.Keys.Order(StringComparer.Ordinal));

        var optimizer = torch.optim.Adam(model.parameters().Where(p => p.requires_grad), lr: 0.01);
        var generator = new Generator(8);
        var condition = new LoraVitCondition(torch.tensor(new long[] { 0, 2 }));
        var input = torch.randn([2, 3, 8, 8], generator: generator);
        var labels = torch.tensor(new long[] { 1, 0 });
        for (var step = 0; step < 2; step++)
        {
            optimizer.zero_grad();
            model.Loss(model.forward(condition, input), labels).backward();
            optimizer.step();
        }

        var now = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, before) in frozen) TensorAssert.BitIdentical(before, now[name], name);
        Assert.Contains(trainable, p => !p.Value.eq(now[p.Key]).all().item<bool>() && p.Key.StartsWith("hypernet.", StringComparison.Ordinal));
        Assert.Contains(trainable, p => !p.Value.eq(now[p.Key]).all().item<bool>() && p.Key.StartsWith("task.", StringComparison.Ordinal));
        Assert.False(trainable["vit.head.weight"].eq(now["vit.head.weight"]).all().item<bool>(), "the trainable head did not move");
    }
}
