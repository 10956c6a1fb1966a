using HyperDsl.Runtime.Devices;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Tests;

/// <summary>
/// Real TorchSharp work on the chosen device: if the native library does not load (for example the
/// GLIBCXX patch is missing), these fail instead of the suite passing silently.
/// </summary>
public sealed class TorchSharpLoadTests
{
    [Fact]
    public void MatmulAndItsBackwardMatchTheClosedForm()
    {
        var device = DeviceSelector.Select();
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 2, 3, 4 }, 2, 2).to(device).requires_grad_(true);
        var b = tensor(new float[] { 5, 6, 7, 8 }, 2, 2).to(device);

        var product = a.matmul(b);
        product.sum().backward();

        // (a @ b) = [[19, 22], [43, 50]]; d sum(a @ b) / da = ones @ b^T = rows of b's row sums.
        Assert.Equal(new float[] { 19, 22, 43, 50 }, product.cpu().data<float>().ToArray());
        Assert.Equal(new float[] { 11, 15, 11, 15 }, a.grad!.cpu().data<float>().ToArray());
    }

    [Fact]
    public void AutomaticDeviceSelectionPicksCpuWithoutCuda()
    {
        var expected = torch.cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU;
        Assert.Equal(expected, DeviceSelector.Select().type);
        Assert.Equal(DeviceType.CPU, DeviceSelector.Select("cpu").type);
    }

    [Fact]
    public void RequestingCudaGivesCudaOrAClearError()
    {
        if (torch.cuda.is_available())
        {
            Assert.Equal(DeviceType.CUDA, DeviceSelector.Select("cuda").type);
            return;
        }
        var error = Assert.Throws<ArgumentException>(() => DeviceSelector.Select("cuda"));
        Assert.Contains("CUDA is not available", error.Message);
    }

    [Fact]
    public void AnUnknownDeviceNameIsAClearError()
    {
        var error = Assert.Throws<ArgumentException>(() => DeviceSelector.Select("tpu"));
        Assert.Contains("not a device name", error.Message);
    }
}
