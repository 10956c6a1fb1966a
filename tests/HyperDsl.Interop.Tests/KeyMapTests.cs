using HyperDsl.Runtime.Interop;
using static TorchSharp.torch;

namespace HyperDsl.Interop.Tests;

public sealed class KeyMapTests
{
    [Fact]
    public void RenameCarriesCapturesAndTheRestOfTheKey()
    {
        var map = KeyMap.Identity.Rename("encoder.layers.encoder_layer_{i}", "blocks.{i}");
        using var scope = NewDisposeScope();
        var mapped = map.Apply(new Dictionary<string, Tensor>
        {
            ["encoder.layers.encoder_layer_11.ln_1.weight"] = zeros(3),
            ["encoder.layers.encoder_layer_2.mlp.0.bias"] = zeros(3),
            ["encoder.layers_x.weight"] = zeros(3),
        });
        Assert.Equal(["blocks.11.ln_1.weight", "blocks.2.mlp.0.bias", "encoder.layers_x.weight"], mapped.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("rest")]
    [InlineData("tail")]
    [InlineData("layer")]
    public void ACaptureOfAnyNameStripsAPrefix(string capture)
    {
        var map = KeyMap.Identity.Rename($"model.{{{capture}}}", $"{{{capture}}}");
        using var scope = NewDisposeScope();
        var mapped = map.Apply(new Dictionary<string, Tensor> { ["model.layer1.0.conv1.weight"] = zeros(1) });
        Assert.Equal(["layer1.0.conv1.weight"], mapped.Keys);
    }

    [Fact]
    public void APrefixMatchesOnlyAtADot()
    {
        var map = KeyMap.Identity.Rename("norm", "encoder.ln");
        using var scope = NewDisposeScope();
        var mapped = map.Apply(new Dictionary<string, Tensor> { ["norm.weight"] = zeros(1), ["norm1.weight"] = zeros(1) });
        Assert.Equal(["encoder.ln.weight", "norm1.weight"], mapped.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void SplitCutsAlongDimensionZeroAndItsInverseRestoresTheFusedTensor()
    {
        var map = KeyMap.Identity.Split("b.{i}.qkv", "b.{i}.q", "b.{i}.k", "b.{i}.v");
        using var scope = NewDisposeScope();
        var fused = arange(24, dtype: float32).reshape(6, 4);
        var split = map.Apply(new Dictionary<string, Tensor> { ["b.3.qkv"] = fused });
        Assert.Equal([2L, 4L], split["b.3.k"].shape);
        Assert.Equal(8f, split["b.3.k"][0, 0].item<float>());
        Assert.Equal(16f, split["b.3.v"][0, 0].item<float>());

        var back = map.Inverse().Apply(split);
        Assert.Equal(["b.3.qkv"], back.Keys);
        Assert.True(TensorAssert.Same(back["b.3.qkv"], fused));
    }

    [Fact]
    public void ReshapeIsAViewAndChecksTheShapeItExpects()
    {
        var map = KeyMap.Identity.Reshape("class_token", [1, 1, 4], [1, 4]);
        using var scope = NewDisposeScope();
        var token = arange(4, dtype: float32).reshape(1, 1, 4);
        var mapped = map.Apply(new Dictionary<string, Tensor> { ["class_token"] = token });
        Assert.Equal([1L, 4L], mapped["class_token"].shape);
        Assert.Equal([1L, 1L, 4L], map.Inverse().Apply(mapped)["class_token"].shape);

        var error = Assert.Throws<WeightImportException>(() => map.Apply(new Dictionary<string, Tensor> { ["class_token"] = zeros(4) }));
        Assert.Contains("shape [4], but reshape class_token [1, 1, 4] -> [1, 4] expects [1, 1, 4]", error.Message);
    }

    [Fact]
    public void IgnoreDropsOnImportAndHasNoInverse()
    {
        var map = KeyMap.Identity.Ignore("heads").Rename("conv_proj", "patch_embed");
        using var scope = NewDisposeScope();
        var mapped = map.Apply(new Dictionary<string, Tensor> { ["heads.head.weight"] = zeros(1), ["conv_proj.weight"] = zeros(1) });
        Assert.Equal(["patch_embed.weight"], mapped.Keys);
        Assert.Equal(["rename patch_embed -> conv_proj"], map.Inverse().Rules.Select(r => r.Text));
    }

    [Fact]
    public void AMapFileParsesToTheSameRulesAsTheFluentApi()
    {
        var parsed = KeyMap.Parse("""
            # a comment
            rename blocks.{i}.norm1 -> encoder.layers.encoder_layer_{i}.ln_1   # trailing comment
            split a.{i}.w -> a.{i}.q, a.{i}.k
            reshape t [1, 1, 8] -> [1, 8]
            ignore head
            """);
        var built = KeyMap.Identity.Rename("blocks.{i}.norm1", "encoder.layers.encoder_layer_{i}.ln_1")
            .Split("a.{i}.w", "a.{i}.q", "a.{i}.k").Reshape("t", [1, 1, 8], [1, 8]).Ignore("head");
        Assert.Equal(built.ToString(), parsed.ToString());
    }

    [Theory]
    [InlineData("rename a -> b\nmove c -> d", "my.keymap(2): 'move' is not a rule")]
    [InlineData("rename a.{i} -> b", "my.keymap(1): 'a.{i}' uses '{i}', which 'b' does not capture")]
    [InlineData("\n\nreshape t [2, 3] -> [4]", "my.keymap(3): reshape t: [2, 3] and [4] must hold the same number of values")]
    [InlineData("split a -> b", "my.keymap(1): split a: give at least two parts")]
    [InlineData("rename a..b -> c", "my.keymap(1): 'a..b' is not a key pattern")]
    public void AMapFileErrorNamesItsLine(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => KeyMap.Parse(text, "my.keymap"));
        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public void TheShippedMapsParseAndInvertBackToThemselves()
    {
        Assert.Equal(["timm-vit-to-torchvision", "torchvision-vit-to-split-qkv"], KeyMaps.Names);
        foreach (var map in KeyMaps.Names.Select(KeyMaps.Named))
        {
            Assert.NotEmpty(map.Rules);
            var twice = map.Inverse().Inverse();
            Assert.Equal(map.ToString().Split(Environment.NewLine).Where(l => !l.StartsWith("ignore", StringComparison.Ordinal)), twice.ToString().Split(Environment.NewLine));
        }
    }
}
