using HyperDsl.Runtime.Layers;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace HyperDsl.Generated.Tests;

/// <summary>
/// Hyperfan initialisation end to end: a model compiled now (compiler, emitted spec table, runtime) generates weights
/// whose variance is gain² / fan-in, with fan-in and gain as PyTorch defines them (<c>torch.nn.init</c>'s
/// <c>_calculate_fan_in_and_fan_out</c>: weight.size(1) times the kernel volume, so a grouped convolution's fan-in is
/// in / groups · k²; <c>calculate_gain</c>: 1 for no activation, √2 for ReLU, 5/3 for tanh). The tolerance (0.75-1.33)
/// fails a fan-in off by the group count (4x here) or a gain that is lost or squared (2x).
/// </summary>
public sealed class CompiledHyperfanTests(ITestOutputHelper output)
{
    private const string Model = """
        model FanModel {
            input image: [8, 6, 6];

            condition task = task(count: 512, dim: 32);

            target network net {
                external(weight) grouped = conv2d(8, 16, 3, padding: 1, groups: 4) -> relu;
                external(weight) pointwise = conv2d(16, 12, 1) -> tanh;
                external(weight) plain = conv2d(12, 4, 3, padding: 1);
                pool = flatten;
                external(weight) fc = linear(144, 10) -> relu;
            }

            hypernet from task {
                body mlp(64, 64, norm: layernorm);
                generate per_layer;
                init hyperfan_in;
            }
        }
        """;

    // torch.nn.init.calculate_gain of the activation after each layer.
    private static readonly Dictionary<string, double> Gains = new()
    {
        ["grouped.weight"] = Math.Sqrt(2), ["pointwise.weight"] = 5.0 / 3, ["plain.weight"] = 1, ["fc.weight"] = Math.Sqrt(2),
    };

    [Fact]
    public void Generated_weights_start_with_gain_squared_over_fan_in()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        manual_seed(31);
        var assembly = CompiledHyp.Load(Model, "fan.hyp");
        dynamic model = Activator.CreateInstance(assembly.Type("FanModel"))!;
        var condition = Activator.CreateInstance(assembly.Type("FanModelCondition"), arange(512L))!;

        GeneratedWeights generated = model.Generate((dynamic)condition);

        Assert.Equal(Gains.Keys.Order(StringComparer.Ordinal), Enumerable.Range(0, generated.Count).Select(generated.NameOf).Order(StringComparer.Ordinal));
        foreach (var slot in Enumerable.Range(0, generated.Count))
        {
            var weight = generated[slot];                                   // [B, out, in / groups, k...]
            var fanIn = weight.shape.Skip(2).Aggregate(1L, (a, d) => a * d); // PyTorch: size(1) · receptive field
            var gain = Gains[generated.NameOf(slot)];
            var ratio = weight.var().item<float>() / (gain * gain / fanIn);
            output.WriteLine($"{generated.NameOf(slot)}: fan-in {fanIn}, gain {gain:g3}, Var(w) · fan-in / gain² = {ratio:g3}");
            Assert.InRange(ratio, 0.75, 1.33);
        }
    }
}
