using HyperDsl.Runtime.Layers;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Tests.Layers;

/// <summary>Group norms start as torch.nn's do (TorchSharp 0.107 leaves them uninitialised).</summary>
public sealed class NormsTests
{
    [Fact]
    public void GroupNormStartsWithUnitWeightAndZeroBiasEvenOnReusedMemory()
    {
        for (var i = 0; i < 5; i++)
        {
            // Leave recognisable garbage in freed memory, which an uninitialised allocation would pick up.
            full(4096, 7.5f).Dispose();
            var norm = Norms.GroupNorm(2, 8);
            Assert.True(norm.weight!.eq(1).all().item<bool>(), "weight is not all ones");
            Assert.True(norm.bias!.eq(0).all().item<bool>(), "bias is not all zeros");
            Assert.True(norm.weight.requires_grad);

            // With unit weight and zero bias the output is the plain group normalisation.
            var x = randn(3, 8, 4, 4);
            TensorAssert.Close(nn.functional.group_norm(x, 2, null, null, 1e-5), norm.forward(x), 1e-5);
        }
    }
}
