using HyperDsl.Runtime.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Training;

/// <summary>
/// The reference-based weight update of the task-conditioned U-Net: one gradient step on the generated weights from a
/// loss on the support pair, with the hypernetwork held fixed.
/// </summary>
public static class Adaptation
{
    /// <summary>
    /// Returns <c>w - learningRate * ∂supportLoss/∂w</c> for every generated slot w.
    /// </summary>
    /// <param name="generated">The generated weights.</param>
    /// <param name="supportLoss">The support loss as a function of the weights it is given (a scalar).</param>
    /// <param name="learningRate">Step size.</param>
    /// <param name="differentiable">
    /// false (default, first order): the gradient is computed on detached copies and treated as a constant, so the
    /// result is <c>w - lr * g</c> with the graph of w kept: a loss on the adapted weights still trains the
    /// hypernetwork through w (first-order MAML), and under <c>no_grad</c> (inference) nothing is recorded. true (second
    /// order): the gradient itself is differentiated (autograd.grad with create_graph); every slot must require a gradient.
    /// </param>
    /// <returns>New generated weights with the same slot names.</returns>
    public static GeneratedWeights Step(GeneratedWeights generated, Func<GeneratedWeights, Tensor> supportLoss, double learningRate, bool differentiable = false)
    {
        ArgumentNullException.ThrowIfNull(generated);
        ArgumentNullException.ThrowIfNull(supportLoss);
        var names = Enumerable.Range(0, generated.Count).Select(generated.NameOf).ToArray();
        if (generated.Count == 0)
            return generated;

        Tensor[] weights;
        if (differentiable)
        {
            for (var slot = 0; slot < generated.Count; slot++)
                if (!generated[slot].requires_grad)
                    throw new ArgumentException(
                        $"Adaptation.Step(differentiable: true): generated tensor '{names[slot]}' does not require a gradient.", nameof(generated));
            weights = Enumerable.Range(0, generated.Count).Select(slot => generated[slot]).ToArray();
        }
        else
        {
            weights = Enumerable.Range(0, generated.Count).Select(slot => generated[slot].detach().requires_grad_(true)).ToArray();
        }

        Tensor loss;
        using (enable_grad())
        {
            loss = supportLoss(new GeneratedWeights(weights, names));
            if (loss.numel() != 1)
                throw new ArgumentException($"Adaptation.Step: the support loss must be a scalar, got {HyperDslShapeException.Render(loss.shape)}.", nameof(supportLoss));
        }
        var gradients = autograd.grad([loss], weights, retain_graph: differentiable, create_graph: differentiable, allow_unused: true);
        var adapted = new Tensor[weights.Length];
        for (var slot = 0; slot < weights.Length; slot++)
        {
            var gradient = gradients[slot];
            if (gradient is null || gradient.IsInvalid)
            {
                // A slot the support loss does not use keeps its value.
                adapted[slot] = generated[slot];
                continue;
            }
            adapted[slot] = differentiable
                ? weights[slot] - learningRate * gradient
                : generated[slot] - learningRate * gradient.detach();
        }
        return new GeneratedWeights(adapted, names);
    }
}
