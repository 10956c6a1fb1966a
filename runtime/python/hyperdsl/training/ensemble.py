"""Uncertainty by a noise ensemble (Ensemble.cs)."""

from typing import Callable, Tuple

import torch

from ..errors import HyperDslShapeException


class Ensemble:
    @staticmethod
    def predict(sample: Callable[[], torch.Tensor], k: int) -> Tuple[torch.Tensor, torch.Tensor]:
        """Calls ``sample`` ``k`` (>= 2) times and returns the element-wise mean and unbiased variance."""
        if k < 2:
            raise ValueError(f"An ensemble needs at least 2 samples (the unbiased variance of one is undefined), got {k}.")
        predictions = []
        for i in range(k):
            predictions.append(sample())
            if i > 0 and predictions[i].shape != predictions[0].shape:
                render = HyperDslShapeException.render
                raise ValueError(f"Ensemble sample {i} has shape {render(predictions[i].shape)}, sample 0 has "
                                 f"{render(predictions[0].shape)}.")
        variance, mean = torch.var_mean(torch.stack(predictions, 0), dim=0, unbiased=True)
        return mean, variance
