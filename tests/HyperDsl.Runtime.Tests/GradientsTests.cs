using HyperDsl.Tests.Shared;
using Xunit.Sdk;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Tests;

/// <summary>
/// The tests' gradient helper turns a gradient that cannot be computed into one failed test. Called directly,
/// <c>autograd.grad</c> with an input the output does not use ends the test host (libtorch's C++ exception is not
/// translated by TorchSharp 0.107); this test would then take the whole run down instead of failing.
/// </summary>
public sealed class GradientsTests
{
    [Fact]
    public void An_input_the_output_does_not_use_fails_the_assertion_by_name()
    {
        using var scope = NewDisposeScope();
        var used = tensor(new[] { 1.0f, 2.0f, 3.0f }).requires_grad_(true);
        var unused = randn(3).requires_grad_(true);

        var error = Assert.Throws<TrueException>(() => Gradients.Of([(used * used).sum()], [used, unused], names: ["used", "unused"]));

        Assert.Contains("do not depend on: unused", error.Message);
    }

    [Fact]
    public void Used_inputs_get_their_gradients()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { 1.0f, 2.0f, 3.0f }).requires_grad_(true);
        var w = tensor(new[] { 0.5f, -1.0f, 4.0f }).requires_grad_(true);

        var gradients = Gradients.Of([(x * w).sum()], [x, w], [tensor(2.0f)]);

        Assert.Equal(new[] { 1.0f, -2.0f, 8.0f }, gradients[0].data<float>().ToArray());   // 2 · w
        Assert.Equal(new[] { 2.0f, 4.0f, 6.0f }, gradients[1].data<float>().ToArray());    // 2 · x
    }
}
