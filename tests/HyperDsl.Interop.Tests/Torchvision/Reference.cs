using HyperDsl.Runtime.Interop;
using static TorchSharp.torch;

namespace HyperDsl.Interop.Tests.Torchvision;

/// <summary>torchvision's input batch and outputs for one architecture, and the comparison the tests use.</summary>
internal static class Reference
{
    public const double Tolerance = 1e-5;

    /// <summary>The fixture's tensors (NAME.io.pt: input, output; resnet18.train.pt: output and after.* state).</summary>
    public static Dictionary<string, Tensor> Read(string file) => CheckpointFiles.Read(TorchvisionFixtures.File(file));

    /// <summary>max |actual - expected| / max |expected|.</summary>
    public static double RelativeDifference(Tensor actual, Tensor expected)
    {
        Assert.Equal(expected.shape, actual.shape);
        using var scope = NewDisposeScope();
        var a = actual.to(float64);
        var e = expected.to(float64);
        var scale = e.abs().max().item<double>();
        return (a - e).abs().max().item<double>() / (scale == 0 ? 1 : scale);
    }

    /// <summary>Runs <paramref name="network"/> in eval mode on the fixture's input.</summary>
    public static Tensor EvalOutput(nn.Module<Tensor, Tensor> network, string name)
    {
        var io = Read(name + ".io.pt");
        network.eval();
        using var noGrad = no_grad();
        return network.forward(io["input"]);
    }
}
