using static TorchSharp.torch;

namespace HyperDsl.Benchmarks.Suites;

/// <summary>One forward + backward of a model's output through the same scalar loss, gradients reset first.</summary>
public static class TrainingStep
{
    /// <summary>Zeroes the gradients of <paramref name="parameters"/>, runs <paramref name="forward"/>, backpropagates mean(y²).</summary>
    public static void Run(IEnumerable<Tensor> parameters, Func<Tensor> forward)
    {
        foreach (var p in parameters)
            p.grad?.zero_();
        var y = forward();
        y.square().mean().backward();
    }
}
