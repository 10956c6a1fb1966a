using TorchSharp;
using static TorchSharp.torch;
using HyperCtSmall = HyperDsl.Generated.Tests.Examples.HyperctSmall;

namespace HyperDsl.Generated.Tests;

/// <summary>
/// A generated model built inside a DisposeScope (a training helper's <c>using var scope</c>) keeps every parameter
/// after the scope ends. TorchSharp 0.107's <c>nn.Embedding</c> does not: its weight is disposed with the scope and
/// vanishes from <c>parameters()</c>, which the class token and position embedding of a ViT used to be.
/// </summary>
public sealed class DisposeScopeTests
{
    [Fact]
    public void A_vit_built_inside_a_dispose_scope_keeps_its_class_token_and_positions()
    {
        HyperCtSmall.HyperCTSmall model;
        long expected;
        using (NewDisposeScope())
        {
            model = new HyperCtSmall.HyperCTSmall();
            expected = model.parameters().Sum(p => p.numel());
        }

        var names = model.named_parameters().Select(p => p.name).ToList();
        Assert.Contains("vit.cls_token", names);
        Assert.Contains("vit.pos_embed", names);
        Assert.Equal(expected, model.parameters().Sum(p => p.numel()));

        using var scope = NewDisposeScope();
        var output = model.forward(new HyperCtSmall.HyperCTSmallCondition(tensor(new long[] { 1, 4 })), randn(2, 1, 16, 16));
        Assert.Equal([2L, 10L], output.shape);
        Assert.True(output.isfinite().all().item<bool>());
    }
}
