"""One gradient step on generated weights from a support loss, the hypernetwork held fixed (Adaptation.cs)."""

from typing import Callable

import torch

from ..errors import HyperDslShapeException
from ..layers.generated_weights import GeneratedWeights


class Adaptation:
    @staticmethod
    def step(generated: GeneratedWeights, support_loss: Callable[[GeneratedWeights], torch.Tensor],
             learning_rate: float, differentiable: bool = False) -> GeneratedWeights:
        """``w - learning_rate * d support_loss / dw`` for every generated slot w, with the same slot names.

        ``differentiable`` False (first order): the gradient is computed on detached copies and treated as a
        constant, so the graph of w is kept (a loss on the adapted weights still trains the hypernetwork through w)
        and under ``no_grad`` nothing is recorded. True (second order): the gradient itself is differentiated
        (``create_graph``); every slot must require a gradient. A slot the support loss does not use keeps its value."""
        names = [generated.name_of(slot) for slot in range(generated.count)]
        if generated.count == 0:
            return generated
        if differentiable:
            for slot in range(generated.count):
                if not generated[slot].requires_grad:
                    raise ValueError(f"Adaptation.step(differentiable=True): generated tensor '{names[slot]}' does "
                                     "not require a gradient.")
            weights = [generated[slot] for slot in range(generated.count)]
        else:
            weights = [generated[slot].detach().requires_grad_(True) for slot in range(generated.count)]

        with torch.enable_grad():
            loss = support_loss(GeneratedWeights(weights, names))
            if loss.numel() != 1:
                raise ValueError(f"Adaptation.step: the support loss must be a scalar, got {HyperDslShapeException.render(loss.shape)}.")
        gradients = torch.autograd.grad([loss], weights, retain_graph=differentiable, create_graph=differentiable,
                                        allow_unused=True)
        adapted = []
        for slot, gradient in enumerate(gradients):
            if gradient is None:
                adapted.append(generated[slot])
            elif differentiable:
                adapted.append(weights[slot] - learning_rate * gradient)
            else:
                adapted.append(generated[slot] - learning_rate * gradient.detach())
        return GeneratedWeights(adapted, names)
