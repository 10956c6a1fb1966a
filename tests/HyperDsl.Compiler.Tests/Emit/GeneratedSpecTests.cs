using System.Text.RegularExpressions;
using HyperDsl.Compiler.Emit;
using HyperDsl.Compiler.Semantics.Bound;

namespace HyperDsl.Compiler.Tests.Emit;

/// <summary>
/// What the emitted code tells the runtime about each generated tensor and LoRA layer, from <c>.hyp</c> text: fan-in
/// and fan-out (in / groups · kernel volume and out / groups · kernel volume, the connections into one output and out
/// of one input; for an ungrouped layer PyTorch's <c>_calculate_fan_in_and_fan_out</c> of the weight), the gain of
/// the activation that follows, and LoRA's alpha (rank when not given, so the delta's scale alpha / rank is 1).
/// Numbers are worked out by hand from the layer arguments below.
/// </summary>
public sealed partial class GeneratedSpecTests
{
    private const string Model = """
        model Specs {
            input image: [12, 8, 8];

            condition task = task(count: 4, dim: 8);

            target network net {
                external grouped = conv2d(12, 24, 3, padding: 1, groups: 4) -> relu;
                external(weight) wide = conv2d(24, 6, 5, padding: 2, groups: 3) -> tanh;
                external(weight) up = convtranspose2d(6, 8, 2, stride: 2, groups: 2) -> leakyrelu(0.2);
                pool = flatten;
                external head = linear(2048, 10);
            }

            hypernet from task {
                body mlp(16);
                generate per_layer;
                init hyperfan_in;
            }
        }
        """;

    // (name, fan-in, fan-out, gain): grouped 12/4·9 and 24/4·9; wide 24/3·25 and 6/3·25; up 6/2·4 and 8/2·4;
    // head 2048 and 10. Gains: calculate_gain('relu') = √2, ('tanh') = 5/3, ('leaky_relu', 0.2) = √(2 / 1.04), none 1.
    public static TheoryData<string, long, long, double> Expected() => new()
    {
        { "grouped.weight", 27, 54, Math.Sqrt(2) },
        { "grouped.bias", 27, 54, Math.Sqrt(2) },
        { "wide.weight", 200, 50, 5.0 / 3 },
        { "up.weight", 12, 16, Math.Sqrt(2 / 1.04) },
        { "head.weight", 2048, 10, 1 },
        { "head.bias", 2048, 10, 1 },
    };

    private static readonly Lazy<(BoundModel Model, string Code)> Compiled = new(() =>
    {
        var result = TestSupport.Compile(Model, "specs.hyp");
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return (Assert.Single(result.File!.Models), CSharpEmitter.EmitSingleFile(result.File!, new EmitOptions("Test", LineDirectives: false)));
    });

    [Theory]
    [MemberData(nameof(Expected))]
    public void The_bound_model_and_the_emitted_spec_table_carry_fan_in_fan_out_and_gain(string name, long fanIn, long fanOut, double gain)
    {
        var (model, code) = Compiled.Value;
        var spec = Assert.Single(model.Generated, g => g.Name == name);
        Assert.Equal((fanIn, fanOut), (spec.FanIn, spec.FanOut));
        Assert.Equal(gain, spec.Gain, 12);

        var line = Assert.Single(code.Split('\n'), l => l.Contains($"new(\"{name}\"", StringComparison.Ordinal));
        Assert.Contains($"FanIn: {fanIn}, FanOut: {fanOut},", line, StringComparison.Ordinal);
        var emittedGain = GainArgument().Match(line);
        Assert.Equal(gain, emittedGain.Success ? double.Parse(emittedGain.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 1.0, 15);
    }

    [Fact]
    public void Every_generated_tensor_is_in_the_table()
    {
        var (model, _) = Compiled.Value;
        Assert.Equal(Expected().Select(row => (string)row[0]).Order(StringComparer.Ordinal), model.Generated.Select(g => g.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("lora(rank: 4)", 4, 4.0)]
    [InlineData("lora(rank: 3)", 3, 3.0)]
    [InlineData("lora(rank: 4, alpha: 8)", 4, 8.0)]
    [InlineData("lora(rank: 2, alpha: 0.5)", 2, 0.5)]
    public void Lora_alpha_defaults_to_the_rank_in_the_bound_model_and_the_emitted_role(string role, int rank, double alpha)
    {
        var text = $$"""
            model L {
                input x: [16];
                condition task = task(count: 2, dim: 4);
                target network net {
                    q = linear(16, 16);
                    {{role}} q;
                }
                hypernet from task { body mlp(8); generate per_layer; }
            }
            """;
        var result = TestSupport.Compile(text);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var layer = Assert.Single(Assert.Single(result.File!.Models).Target.Layers, l => l.Path == "q");
        Assert.Equal((LayerRoleKind.Lora, rank, alpha), (layer.Role.Kind, layer.Role.Rank, layer.Role.Alpha));

        var code = CSharpEmitter.EmitSingleFile(result.File!, new EmitOptions("Test", LineDirectives: false));
        var emitted = LoraRole().Match(code);
        Assert.True(emitted.Success, "no Role.Lora(...) in the emitted network");
        Assert.Equal((rank, alpha), (int.Parse(emitted.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
            double.Parse(emitted.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [GeneratedRegex(@", Gain: ([0-9.Ee+-]+)\)")]
    private static partial Regex GainArgument();

    [GeneratedRegex(@"Role\.Lora\(rank: (\d+), alpha: ([0-9.Ee+-]+),")]
    private static partial Regex LoraRole();
}
