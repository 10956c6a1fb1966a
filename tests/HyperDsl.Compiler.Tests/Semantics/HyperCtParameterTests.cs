using HyperDsl.Compiler.Semantics.Bound;

namespace HyperDsl.Compiler.Tests.ParameterCounts;

/// <summary>HyperCT's parameter counts against closed-form arithmetic (docs/LANGUAGE.md sets them beside the seed's).</summary>
public sealed class HyperCtParameterTests
{
    private static BoundModel Bind(string text)
    {
        var result = TestSupport.Compile(text);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return Assert.Single(result.File!.Models);
    }

    /// <summary>The HyperCT example with another width, depth and role for the six projections.</summary>
    public static string Variant(long width, long heads, string role, string targets = "blocks[*].attn.{q, k, v, o}, blocks[*].mlp.{fc1, fc2}")
    {
        var text = File.ReadAllText(TestSupport.Example("HyperCT/hyperct.hyp"));
        text = text.Replace("let width = 768;", $"let width = {width};", StringComparison.Ordinal)
                   .Replace("TransformerBlock(width, 12, 3072)", $"TransformerBlock(width, {heads}, {4 * width})", StringComparison.Ordinal)
                   .Replace("lora(rank: 16, alpha: 32) blocks[*].attn.{q, k, v, o}, blocks[*].mlp.{fc1, fc2};", $"{role} {targets};", StringComparison.Ordinal);
        return text;
    }

    // Body of the HyperCT hypernetwork: mixer (2 linears) + 2 residual blocks + output projection, task 512 + component 64.
    private static long Body(long conditionAndComponent, long latent = 128, long headIn = 512, long blocks = 2) =>
        (conditionAndComponent + 1) * latent + (latent + 1) * latent
        + blocks * (2 * latent + 2 * (latent + 1) * latent)
        + 2 * latent + (latent + 1) * headIn + (headIn + 1) * headIn;

    private static long Embeddings(long types) => 12 * 64 + types * 64;

    [Fact]
    public void TheExampleMatchesTheClosedForm()
    {
        var model = Bind(File.ReadAllText(TestSupport.Example("HyperCT/hyperct.hyp")));
        const long r = 16, w = 768, h = 512;
        var attentionHeads = 4 * (h + 1) * r * (w + w);
        var mlpHeads = 2 * (h + 1) * r * (w + 4 * w);
        Assert.Equal(72 * 2, model.Generated.Length);
        Assert.Equal(12 * (4 * r * 2 * w + 2 * r * 5 * w), model.Parameters.Total(ParameterOrigin.Generated));
        Assert.Equal(Body(512 + 64) + Embeddings(6) + attentionHeads + mlpHeads, model.Parameters.Total(ParameterOwner.Hypernet));
        Assert.Equal(113_954_432, model.Parameters.Total(ParameterOwner.Hypernet));
        Assert.Equal(18 * 512, model.Parameters.Total(ParameterOwner.Conditioning));
        // The frozen ViT-B/16 backbone (without the head): 85.8M, the well-known ViT-B size.
        Assert.Equal(85_798_656, model.Parameters.Total(ParameterOrigin.Frozen));
        Assert.Equal(6, model.Generated.Select(g => g.ComponentType).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 12), model.Generated.Select(g => g.Depth).Distinct().Order());
    }

    [Theory]
    [InlineData("blocks[*].attn.{q, k, v, o}", 4, 0)]
    [InlineData("blocks[*].mlp.{fc1, fc2}", 0, 2)]
    public void AttentionOnlyAndMlpOnlyVariants(string targets, int attentionTypes, int mlpTypes)
    {
        const long r = 16, w = 768, h = 512;
        var model = Bind(Variant(768, 12, "lora(rank: 16, alpha: 32)", targets));
        var heads = attentionTypes * (h + 1) * r * (2 * w) + mlpTypes * (h + 1) * r * (5 * w);
        Assert.Equal(Body(576) + Embeddings(attentionTypes + mlpTypes) + heads, model.Parameters.Total(ParameterOwner.Hypernet));
    }

    [Theory]
    [InlineData(384, 6)]
    [InlineData(768, 12)]
    [InlineData(1024, 16)]
    public void FullGenerationGrowsQuadraticallyLoraLinearly(long w, long heads)
    {
        const long r = 16, h = 512;
        var lora = Bind(Variant(w, heads, "lora(rank: 16, alpha: 32)"));
        var full = Bind(Variant(w, heads, "external(weight)"));
        var loraHeads = (h + 1) * (4 * r * 2 * w + 2 * r * 5 * w);
        var fullHeads = (h + 1) * (4 * w * w + 2 * 4 * w * w);
        Assert.Equal(Body(576) + Embeddings(6) + loraHeads, lora.Parameters.Total(ParameterOwner.Hypernet));
        Assert.Equal(Body(576) + Embeddings(6) + fullHeads, full.Parameters.Total(ParameterOwner.Hypernet));
    }
}
