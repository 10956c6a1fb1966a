"""The batched kernels that apply a different weight to every sample of a batch without a per-sample loop
(HyperOps.cs): ``bmm`` for linear layers and one grouped convolution, with the batch folded into the groups, for
convolutions and transposed convolutions in 1, 2 and 3 dimensions."""

from typing import Optional, Sequence

import torch
import torch.nn.functional as F

from . import conv_functional


class HyperOps:
    @staticmethod
    def linear(input: torch.Tensor, weight: torch.Tensor, bias: Optional[torch.Tensor]) -> torch.Tensor:
        """Per-sample linear map ``y[b] = x[b] W[b]^T + bias[b]``: input ``[B, in]`` or ``[B, T, in]``, weight
        ``[B, out, in]``, bias ``[B, out]`` or None."""
        weight_t = weight.transpose(1, 2)
        if input.dim() == 3:
            y = input.bmm(weight_t)
            return y if bias is None else y + bias.unsqueeze(1)
        y = input.unsqueeze(1).bmm(weight_t).squeeze(1)
        return y if bias is None else y + bias

    @staticmethod
    def conv(input: torch.Tensor, weight: torch.Tensor, bias: Optional[torch.Tensor], stride: Sequence[int],
             padding: Sequence[int], dilation: Sequence[int], groups: int) -> torch.Tensor:
        """Per-sample convolution as ONE grouped convolution: input ``[1, B*C, ...]``, weight ``[B*out, in/g, k...]``,
        groups ``B*g``; the output is reshaped back to ``[B, out, ...]``. Weight ``[B, out, in/groups, k...]``."""
        batch = input.size(0)
        x = input.reshape(_folded(input.shape, batch))
        w = weight.reshape(_folded(weight.shape, batch, keep_first=False))
        b = None if bias is None else bias.reshape(-1)
        y = conv_functional.convolve(x, w, b, stride, padding, dilation, groups * batch)
        return y.reshape(_unfolded(y.shape, batch))

    @staticmethod
    def conv_transpose(input: torch.Tensor, weight: torch.Tensor, bias: Optional[torch.Tensor], stride: Sequence[int],
                       padding: Sequence[int], output_padding: Sequence[int], dilation: Sequence[int],
                       groups: int) -> torch.Tensor:
        """Per-sample transposed convolution as ONE grouped transposed convolution: input ``[1, B*in, ...]``, weight
        ``[B*in, out/g, k...]``, groups ``B*g``. Weight ``[B, in, out/groups, k...]``."""
        batch = input.size(0)
        x = input.reshape(_folded(input.shape, batch))
        w = weight.reshape(_folded(weight.shape, batch, keep_first=False))
        b = None if bias is None else bias.reshape(-1)
        y = conv_functional.convolve_transposed(x, w, b, stride, padding, output_padding, dilation, groups * batch)
        return y.reshape(_unfolded(y.shape, batch))

    @staticmethod
    def lora_linear(input: torch.Tensor, frozen_weight: torch.Tensor, frozen_bias: Optional[torch.Tensor],
                    a: torch.Tensor, b: torch.Tensor, scale: float) -> torch.Tensor:
        """LoRA on a frozen linear layer, per sample: ``y = x W^T + bias + scale * (x A[b]^T) B[b]^T`` through the
        rank-r bottleneck with two ``bmm``s; the full ``[out, in]`` delta is never formed. ``a`` ``[B, r, in]``,
        ``b`` ``[B, out, r]``."""
        sequence = input.dim() == 3
        x = input if sequence else input.unsqueeze(1)
        low = x.bmm(a.transpose(1, 2))          # [B, T, r]
        delta = low.bmm(b.transpose(1, 2))      # [B, T, out]
        y = F.linear(x, frozen_weight, frozen_bias).add(delta, alpha=scale)
        return y if sequence else y.squeeze(1)


def _folded(shape, batch, keep_first=True):
    """[B, C, rest...] -> [1, B*C, rest...] (keep_first) or [B*C, rest...]."""
    folded = [batch * shape[1], *shape[2:]]
    return [1, *folded] if keep_first else folded


def _unfolded(shape, batch):
    """[1, B*C, rest...] -> [B, C, rest...]."""
    return [batch, shape[1] // batch, *shape[2:]]
