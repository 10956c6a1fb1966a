"""Stochastic depth (Huang et al. 2016) as torchvision's ``ops.stochastic_depth`` (StochasticDepth.cs)."""

import torch


class StochasticDepth:
    """In training, each sample's value (:meth:`row`) or the whole batch's (:meth:`batch`) is zeroed with
    probability p and the survivors divided by 1 - p, so the expectation is unchanged; in evaluation the identity."""

    @staticmethod
    def row(input: torch.Tensor, p: float, training: bool) -> torch.Tensor:
        """Drops whole samples (one draw per batch row)."""
        return _apply(input, p, training, per_sample=True)

    @staticmethod
    def batch(input: torch.Tensor, p: float, training: bool) -> torch.Tensor:
        """Drops the whole batch (one draw)."""
        return _apply(input, p, training, per_sample=False)


def _apply(input, p, training, per_sample):
    if p < 0 or p > 1:
        raise ValueError(f"A drop probability is in [0, 1], got {p}.")
    if not training or p == 0:
        return input
    survival = 1.0 - p
    shape = [1] * input.dim()
    if per_sample:
        shape[0] = input.size(0)
    noise = torch.empty(shape, dtype=input.dtype, device=input.device).bernoulli_(survival)
    if survival > 0:
        noise.div_(survival)
    return input * noise
