using HyperDsl.Runtime.Hypernets;
using HyperDsl.Runtime.Layers;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Tests.Init;

/// <summary>
/// Hyperfan initialisation (Chang et al. 2020): generated weights start with the variance of a conventional init,
/// so the signal through a generated network neither explodes nor vanishes, unlike the default head init.
/// </summary>
public sealed class HyperfanInitTests(ITestOutputHelper output)
{
    // Hyperfan matches the generated variance in expectation over the body output e. Every layer's weights for one
    // sample come from the same e, so a sample whose |e| is above average has all six layers scaled up together and
    // the deviation compounds with depth. A LayerNorm in the body keeps |e| nearly equal across samples, which is
    // what makes the guarantee hold per generated network. Measured over 8 seeds, 6-layer linear MLP, ratio at the
    // last layer: LayerNorm body (64 wide) 0.77-1.47; no norm with a 16-wide condition 1.75-26.
    private const long ConditionSize = 64;
    private const long Width = 64;
    private const int Depth = 6;

    private static HyperNetworkOptions Options(HyperInit init) =>
        new(BodyKind.Mlp, [64], ActivationKind.ReLU, NormKind.LayerNorm, 0, 0, 0, 0, StrategyKind.PerLayerHeads, 0, 0, [], init, null);

    private static GeneratedTensorSpec[] Mlp(double gain) =>
        Enumerable.Range(0, Depth).SelectMany(layer => new GeneratedTensorSpec[]
        {
            new($"mlp.{layer}.weight", GeneratedKind.Weight, [Width, Width], Width, Width, layer, "fc", layer, gain),
            new($"mlp.{layer}.bias", GeneratedKind.Bias, [Width], Width, Width, layer, "fc", layer, gain),
        }).ToArray();

    // Runs x through the 6 generated layers (each sample with its own weights) and returns, per layer, the ratio of
    // the activation statistic (variance, or the second moment for ReLU) to the input's.
    private static double[] SignalRatios(HyperNetwork hypernet, bool relu)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        const long batch = 16;
        var generated = hypernet.forward(randn(batch, ConditionSize));
        var x = randn(batch, 128, Width);
        double Statistic(Tensor t) => relu ? t.square().mean().item<float>() : t.var().item<float>();
        var input = Statistic(x);
        var ratios = new double[Depth];
        for (var layer = 0; layer < Depth; layer++)
        {
            x = HyperOps.Linear(x, generated[2 * layer], generated[2 * layer + 1]);
            if (relu)
                x = x.relu();
            ratios[layer] = Statistic(x) / input;
        }
        return ratios;
    }

    [Fact]
    public void HyperfanInKeepsTheVarianceThroughASixLayerGeneratedLinearMlpWhereTheDefaultDrifts()
    {
        manual_seed(21);
        var hyperfan = SignalRatios(new HyperNetwork("hyper", ConditionSize, Options(HyperInit.HyperfanIn), Mlp(1.0)), relu: false);
        manual_seed(21);
        var naive = SignalRatios(new HyperNetwork("hyper", ConditionSize, Options(HyperInit.Default), Mlp(1.0)), relu: false);
        output.WriteLine($"linear, variance ratio per layer: hyperfan-in {Render(hyperfan)}; default {Render(naive)}");

        Assert.All(hyperfan, ratio => Assert.InRange(ratio, 0.5, 2.0));
        Assert.True(naive[^1] is > 100 or < 0.01, $"default init should drift by orders of magnitude, ratio {naive[^1]:g3}");
    }

    [Fact]
    public void HyperfanInWithTheReluGainKeepsTheSecondMomentThroughASixLayerGeneratedReluMlp()
    {
        manual_seed(22);
        var hyperfan = SignalRatios(new HyperNetwork("hyper", ConditionSize, Options(HyperInit.HyperfanIn), Mlp(Activations.Gain(ActivationKind.ReLU))), relu: true);
        manual_seed(22);
        var naive = SignalRatios(new HyperNetwork("hyper", ConditionSize, Options(HyperInit.Default), Mlp(Activations.Gain(ActivationKind.ReLU))), relu: true);
        output.WriteLine($"ReLU, second-moment ratio per layer: hyperfan-in {Render(hyperfan)}; default {Render(naive)}");

        Assert.All(hyperfan, ratio => Assert.InRange(ratio, 0.5, 2.0));
        Assert.True(naive[^1] is > 100 or < 0.01, $"default init should drift by orders of magnitude, ratio {naive[^1]:g3}");
    }

    [Theory]
    [InlineData(HyperInit.HyperfanIn, StrategyKind.AllAtOnce, BodyKind.Mlp)]
    [InlineData(HyperInit.HyperfanOut, StrategyKind.PerLayerHeads, BodyKind.ResidualMlp)]
    [InlineData(HyperInit.HyperfanIn, StrategyKind.PerComponent, BodyKind.Mixer)]
    public void GeneratedWeightsStartWithTheTargetVarianceBiasesAtZeroAndLoraBNearZero(HyperInit init, StrategyKind strategy, BodyKind body)
    {
        manual_seed(23);
        // A non-square layer (fan-in 32, fan-out 128) and a LoRA module of rank 4 on a 32 -> 128 projection.
        GeneratedTensorSpec[] specs =
        [
            new("fc.weight", GeneratedKind.Weight, [128, 32], 32, 128, 0, "fc", 0),
            new("fc.bias", GeneratedKind.Bias, [128], 32, 128, 0, "fc", 0),
            new("q.lora_a", GeneratedKind.LoraA, [4, 32], 32, 128, 1, "q", 0),
            new("q.lora_b", GeneratedKind.LoraB, [128, 4], 32, 128, 1, "q", 0),
        ];
        var options = new HyperNetworkOptions(body, [48], ActivationKind.SiLU, NormKind.None, 0, Latent: 32, Blocks: 1, HeadInput: 48, strategy, 0,
            EmbeddingSize: 8, [ComponentAttribute.Type], init, null);
        var hypernet = new HyperNetwork("hyper", ConditionSize, options, specs);

        var generated = hypernet.forward(randn(64, ConditionSize));

        var fan = init == HyperInit.HyperfanIn ? 32.0 : 128.0;
        var weightVariance = generated[0].var().item<float>();
        var loraAVariance = generated[2].var().item<float>();
        var loraBStd = generated[3].std().item<float>();
        output.WriteLine($"{init}/{strategy}/{body}: Var(w) = {weightVariance:g3} (target {1 / fan:g3}), Var(A) = {loraAVariance:g3}, std(B) = {loraBStd:g3}, body E[e²] = {string.Join(", ", hypernet.MeasuredBodySecondMoments.Select(m => m.ToString("g3")))}");
        Assert.InRange(weightVariance * fan, 0.75, 1.33);
        Assert.InRange(loraAVariance * 32, 0.75, 1.33);
        Assert.Equal(0f, generated[1].abs().max().item<float>());
        Assert.InRange(loraBStd, 0.5e-2 / 2, 2e-2 / 2);                           // 1e-2 / sqrt(rank 4)
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.2)]
    public void WithABoundTheTanhOutputsStillStartWithTheTargetVariance(double scale)
    {
        manual_seed(25);
        GeneratedTensorSpec[] specs = [new("fc.weight", GeneratedKind.Weight, [128, 32], 32, 128, 0, "fc", 0)];
        var options = new HyperNetworkOptions(BodyKind.Mlp, [48], ActivationKind.SiLU, NormKind.LayerNorm, 0, 0, 0, 0, StrategyKind.AllAtOnce, 0, 0, [],
            HyperInit.HyperfanIn, scale);

        var generated = new HyperNetwork("hyper", ConditionSize, options, specs).forward(randn(64, ConditionSize));

        var variance = generated[0].var().item<float>();
        output.WriteLine($"bound {scale}: Var(w) = {variance:g3}, target {1 / 32.0:g3}, raw variance {Runtime.Init.HyperfanInit.RawVariance(1 / 32.0, scale):g3}");
        Assert.InRange(variance * 32, 0.8, 1.25);
        Assert.True(generated[0].abs().max().item<float>() <= scale * (1 + 1e-6));
    }

    [Fact]
    public void AnUnreachableVarianceUnderTheBoundIsAClearError()
    {
        var error = Assert.Throws<ArgumentException>(() => Runtime.Init.HyperfanInit.RawVariance(0.5, 0.5));
        Assert.Contains("saturates", error.Message);
        Assert.Equal(0.01, Runtime.Init.HyperfanInit.RawVariance(0.01, null));
    }

    [Fact]
    public void DefaultInitLeavesTheHeadsAsTorchSharpMadeThem()
    {
        manual_seed(24);
        var hypernet = new HyperNetwork("hyper", ConditionSize, Options(HyperInit.Default), Mlp(1.0));
        var head = hypernet.state_dict()["heads.0.weight"];
        var bound = 1 / Math.Sqrt(64);
        Assert.True(head.abs().max().item<float>() <= bound);
        Assert.True(head.abs().max().item<float>() > 0.9 * bound);
        Assert.Empty(hypernet.MeasuredBodySecondMoments);
    }

    private static string Render(double[] ratios) => string.Join(" ", ratios.Select(r => r.ToString("g3")));
}
