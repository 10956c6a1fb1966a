"""Dispatches to torch's functional conv / conv-transpose of the input's spatial rank (ConvFunctional.cs)."""

import torch.nn.functional as F

_CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
_CONV_TRANSPOSE = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}


def convolve(x, w, b, stride, padding, dilation, groups):
    rank = x.dim() - 2
    if rank not in _CONV:
        raise ValueError(f"Convolutions have 1, 2 or 3 spatial dimensions, not {rank}.")
    return _CONV[rank](x, w, b, tuple(stride), tuple(padding), tuple(dilation), groups)


def convolve_transposed(x, w, b, stride, padding, output_padding, dilation, groups):
    rank = x.dim() - 2
    if rank not in _CONV_TRANSPOSE:
        raise ValueError(f"Transposed convolutions have 1, 2 or 3 spatial dimensions, not {rank}.")
    return _CONV_TRANSPOSE[rank](x, w, b, tuple(stride), tuple(padding), tuple(output_padding), groups, tuple(dilation))
