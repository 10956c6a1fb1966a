using System.Reflection;
using HyperDsl.Compiler;
using HyperDsl.Compiler.Semantics;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace HyperDsl.Generated.Tests;

/// <summary>
/// The state dict a generated target network really has is the layout `hyperdsl keys` reports from the bound model:
/// same keys (the .hyp paths) and shapes, buffers included, generated tensors absent. (Order is not compared:
/// TorchSharp lists every parameter before any buffer, PyTorch module by module; loading is by key either way.)
/// </summary>
public sealed class StateDictLayoutTests
{
    public static TheoryData<string, string> Examples => new()
    {
        { "examples/HyDA/hyda.hyp", "HydaBrainAge" },
        { "examples/HyDA/hyda_tuned.hyp", "HydaBrainAgeTuned" },
        { "examples/HyperFusion/hyperfusion.hyp", "HyperFusionAge" },
        { "examples/HyperCT/hyperct_small.hyp", "HyperCTSmall" },
        { "examples/HyperCT/hyperct_small.hyp", "HyperCTSmallPretext" },
        { "examples/TaskUNet3d/task_unet3d_small.hyp", "TaskUNet3dSmall" },
        { "examples/teaching/chunked.hyp", "ChunkedClassifier" },
        { "examples/teaching/noise.hyp", "NoiseEnsemble" },
        { "examples/teaching/segmenter2d.hyp", "TinySegmenter" },
        { "examples/FSharpSines.Models/sines.hyp", "SineTasks" },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void The_target_network_state_dict_is_the_declared_layout(string file, string modelName)
    {
        var compiled = Compilation.CompileFile(Path.Combine(RepoRoot.Path, file));
        Assert.False(compiled.HasErrors);
        var bound = Assert.Single(compiled.File!.Models, m => m.Name == modelName);
        var expected = StateDictLayout.Of(bound.Target).Where(e => e.InStateDict).Select(e => (e.Key, Shape: string.Join(",", e.Shape))).ToList();

        using var scope = NewDisposeScope();
        var model = (nn.Module)Activator.CreateInstance(ModelType(modelName))!;
        var network = model.named_children().Single(c => c.name == bound.Target.Name).module;
        var actual = network.state_dict().Select(p => (p.Key, Shape: string.Join(",", p.Value.shape))).ToList();

        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), actual.OrderBy(e => e.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Moving_to_another_dtype_keeps_learned_tensors_registered_and_used()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        var network = new Examples.HyperctSmall.HyperCTSmallPretextNetwork();
        network.to(float64);
        network.eval();
        var classToken = network.get_parameter("cls_token")!;
        Assert.Equal(ScalarType.Float64, classToken.dtype);
        var input = randn(1, 1, 16, 16, dtype: float64);
        var before = network.forward(input);
        using (no_grad()) classToken.add_(randn_like(classToken));
        var after = network.forward(input);
        Assert.True((before - after).abs().max().item<double>() > 1e-6, "the forward pass does not read the registered class token");
    }

    private static Type ModelType(string modelName) =>
        typeof(StateDictLayoutTests).Assembly.GetTypes().Single(t =>
            t.Namespace?.StartsWith("HyperDsl.Generated.Tests.Examples", StringComparison.Ordinal) == true &&
            t.GetField("ModelName", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string == modelName);
}

/// <summary>The repository's root folder (where HyperDsl.sln is), found from the test assembly's location.</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "HyperDsl.sln"))) return dir.FullName;
        throw new InvalidOperationException("HyperDsl.sln not found above " + AppContext.BaseDirectory);
    }
}
