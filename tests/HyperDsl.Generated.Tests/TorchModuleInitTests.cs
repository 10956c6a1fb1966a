using HyperDsl.Runtime.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Generated.Tests;

/// <summary>Tests that seed torch's global generator and rely on what it draws next: they run alone, after the parallel ones.</summary>
[CollectionDefinition(nameof(TorchModuleInitTests), DisableParallelization = true)]
public sealed class TorchModuleInitCollection;

/// <summary>
/// Trainable and frozen linear and convolution layers are generated as TorchSharp's own modules. They must start as
/// torch.nn's do, which the runtime's target layers implement (<c>TorchDefaultInit</c>: Kaiming-uniform with
/// a = sqrt(5), bias U(±1/sqrt(fan_in)), fan-in from dimension 1 of the weight): after the same seed, TorchSharp's
/// module and the runtime's layer with its own weights draw exactly the same tensors.
/// </summary>
/// <remarks>
/// They seed torch's global generator and compare two draws from it, so no other test may draw in between: the
/// collection runs on its own, after the parallel ones.
/// </remarks>
[Collection(nameof(TorchModuleInitTests))]
public sealed class TorchModuleInitTests
{
    [Fact]
    public void Linear_starts_as_the_runtime_linear_does()
    {
        manual_seed(21);
        using var torchSharp = nn.Linear(24, 10);
        manual_seed(21);
        using var runtime = new TargetLinear("fc", 24, 10, hasBias: true, Role.Trainable, "test.fc");

        TensorAssert.Close(runtime.Weight!, torchSharp.weight, 0, "weight");
        TensorAssert.Close(runtime.Bias!, torchSharp.bias!, 0, "bias");
        Assert.True(torchSharp.weight.abs().max().item<float>() <= 1 / Math.Sqrt(24));
    }

    [Fact]
    public void Grouped_strided_convolutions_start_as_the_runtime_convolutions_do()
    {
        manual_seed(22);
        using var conv2d = nn.Conv2d(8, 12, kernel_size: (3, 1), stride: (2, 1), padding: (1, 0), groups: 4);
        using var conv3d = nn.Conv3d(4, 6, kernel_size: 3, bias: false);
        manual_seed(22);
        using var runtime2d = new TargetConv("c2", 2, 8, 12, [3, 1], [2, 1], [1, 0], [1, 1], 4, hasBias: true, Role.Trainable, "test.c2");
        using var runtime3d = new TargetConv("c3", 3, 4, 6, [3, 3, 3], [1, 1, 1], [0, 0, 0], [1, 1, 1], 1, hasBias: false, Role.Trainable, "test.c3");

        TensorAssert.Close(runtime2d.Weight!, conv2d.weight, 0, "2d weight");
        TensorAssert.Close(runtime2d.Bias!, conv2d.bias!, 0, "2d bias");
        TensorAssert.Close(runtime3d.Weight!, conv3d.weight, 0, "3d weight");
        Assert.Null(conv3d.bias);
    }

    [Fact]
    public void Transposed_convolutions_start_as_the_runtime_ones_do_with_the_fan_in_of_the_output_channels()
    {
        manual_seed(23);
        using var torchSharp = nn.ConvTranspose2d(6, 4, kernel_size: 2, stride: 2);
        manual_seed(23);
        using var runtime = new TargetConvTranspose("up", 2, 6, 4, [2, 2], [2, 2], [0, 0], [1, 1], [0, 0], 1, hasBias: true, Role.Trainable, "test.up");

        TensorAssert.Close(runtime.Weight!, torchSharp.weight, 0, "weight");
        TensorAssert.Close(runtime.Bias!, torchSharp.bias!, 0, "bias");
        // torch.nn's fan-in of a transposed convolution: weight [in, out, k, k] → out · k · k = 16.
        Assert.True(torchSharp.bias!.abs().max().item<float>() <= 1 / Math.Sqrt(16));
    }

    /// <summary>
    /// Why the emitter keeps the runtime's layer for a transposed convolution whose output padding differs between axes:
    /// TorchSharp 0.107's ConvTransposeNd passes only the first entry on, so every axis gets it. When this fails,
    /// TorchSharp applies the padding per axis and the fallback in NetworkEmitter.IsRuntimeLayer can go.
    /// </summary>
    [Fact]
    public void TorchSharp_transposed_convolution_applies_the_first_output_padding_to_every_axis()
    {
        manual_seed(24);
        using var torchSharp = nn.ConvTranspose2d(2, 3, kernel_size: (3, 3), stride: (2, 2), output_padding: (1, 0));
        using var scope = NewDisposeScope();
        var input = randn(1, 2, 5, 5);

        var expected = nn.functional.conv_transpose2d(input, torchSharp.weight, torchSharp.bias, [2, 2], [0, 0], [1, 0]);

        Assert.Equal([1L, 3L, 12L, 11L], expected.shape);
        Assert.Equal([1L, 3L, 12L, 12L], torchSharp.call(input).shape);
    }
}
