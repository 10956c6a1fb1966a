using static TorchSharp.torch;

namespace HyperDsl.Tests.Shared;

/// <summary>
/// <c>autograd.grad</c> for tests, where a gradient that cannot be computed is one failed test. TorchSharp 0.107's
/// native <c>THSAutograd_grad</c> does not translate libtorch's error for an input the outputs do not depend on: the
/// C++ exception reaches <c>std::terminate</c> and the whole test host dies ("Test host process crashed: terminate
/// called after throwing an instance of 'c10::Error'"), losing every other test's result. That is exactly what a bug
/// which drops a generated weight from the forward pass produces. So inputs are differentiated with
/// <c>allow_unused</c>, and an unused one (an undefined gradient) fails the assertion by name.
/// </summary>
internal static class Gradients
{
    /// <summary>The gradients of <paramref name="outputs"/> (weighted by <paramref name="upstream"/>) with respect to each input.</summary>
    /// <param name="names">Names of the inputs for the message (default: their positions).</param>
    public static IList<Tensor> Of(IList<Tensor> outputs, IList<Tensor> inputs, IList<Tensor>? upstream = null, IReadOnlyList<string>? names = null)
    {
        var gradients = autograd.grad(outputs, inputs, upstream, allow_unused: true);
        var unused = Enumerable.Range(0, inputs.Count).Where(i => gradients[i] is null || gradients[i].IsInvalid)
            .Select(i => names is null ? $"input {i}" : names[i]).ToList();
        Assert.True(unused.Count == 0, $"the outputs do not depend on: {string.Join(", ", unused)}");
        return gradients;
    }
}
