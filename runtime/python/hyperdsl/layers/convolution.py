"""Convolutions of a target network (ConvolutionCore.cs, ConvolutionLayer.cs, TargetConv.cs, TargetConvTranspose.cs):
own parameters (trainable or frozen) or weight and/or bias generated per sample, applied as one grouped
(transposed) convolution with the batch folded into the groups. Own tensors are ``weight`` (``[out, in/groups,
k...]``, transposed ``[in, out/groups, k...]``) and ``bias`` ``[out]``, initialised like torch.nn.ConvNd. LoRA is
not supported on convolutions."""

import math
from typing import Optional, Sequence

import torch
from torch import nn

from ..errors import HyperDslShapeException
from ..init.torch_default_init import TorchDefaultInit
from . import conv_functional, layer_checks
from .generated_weights import GeneratedWeights
from .hyper_ops import HyperOps
from .role import FrozenRole, LoraRole, Role, generates_bias, generates_weight


class ConvolutionLayer(nn.Module):
    """What :class:`TargetConv` and :class:`TargetConvTranspose` share; they differ only in their constructor."""

    def __init__(self, transposed: bool, name: str, spatial_rank: int, in_channels: int, out_channels: int,
                 kernel_size: Sequence[int], stride: Sequence[int], padding: Sequence[int],
                 output_padding: Sequence[int], dilation: Sequence[int], groups: int, has_bias: bool, role: Role,
                 declaration: str):
        super().__init__()
        kind = "transposed convolution" if transposed else "convolution"
        if role is None:
            raise ValueError(f"{declaration}: a layer needs a role.")
        if spatial_rank not in (1, 2, 3):
            raise ValueError(f"{declaration}: a {kind} has 1, 2 or 3 spatial dimensions, not {spatial_rank}.")
        for values, what in ((kernel_size, "kernel size"), (stride, "stride"), (padding, "padding"),
                             (output_padding, "output padding"), (dilation, "dilation")):
            if values is None or len(values) != spatial_rank:
                raise ValueError(f"{declaration}: the {what} needs {spatial_rank} entries, one per spatial dimension.")
        if groups < 1 or in_channels % groups != 0 or out_channels % groups != 0:
            raise ValueError(f"{declaration}: {in_channels} input and {out_channels} output channels are not "
                             f"divisible by {groups} groups.")
        if isinstance(role, LoraRole):
            raise NotImplementedError(f"{declaration}: LoRA is supported on linear layers only, not on a {kind}.")
        if generates_bias(role) and not has_bias:
            raise ValueError(f"{declaration}: the role generates a bias, but the layer has none.")

        self.name = name
        self.transposed = transposed
        self.spatial_rank = spatial_rank
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.kernel_size = list(kernel_size)
        self.stride = list(stride)
        self.padding = list(padding)
        self.output_padding = list(output_padding)
        self.dilation = list(dilation)
        self.groups = groups
        self.has_bias = has_bias
        self.role = role
        self.declaration = declaration
        leading = [in_channels, out_channels // groups] if transposed else [out_channels, in_channels // groups]
        self.weight_shape = leading + self.kernel_size

        # torch.nn's fan-in: dimension 1 of the weight times the kernel volume.
        fan_in = math.prod(self.weight_shape[1:])
        trainable = not isinstance(role, FrozenRole)
        self.weight = None if generates_weight(role) else TorchDefaultInit.parameter(self.weight_shape, fan_in, trainable)
        self.bias = TorchDefaultInit.parameter([out_channels], fan_in, trainable) if has_bias and not generates_bias(role) else None

    def forward(self, input: torch.Tensor, generated: Optional[GeneratedWeights] = None) -> torch.Tensor:
        """``input`` ``[B, in, spatial...]``; ``generated`` is required for the External role."""
        layout = f"[B, {self.in_channels}, {', '.join('?' * self.spatial_rank)}]"
        layer_checks.input(input, self.declaration, (self.spatial_rank + 2,), 1, self.in_channels, layout)
        role = self.role
        if not generates_weight(role) and not generates_bias(role):
            return self._shared(input, self.weight, self.bias)

        batch = input.size(0)
        generated_bias = None
        if generates_bias(role):
            generated_bias = layer_checks.generated(generated, role.bias_slot, [self.out_channels], batch, self.declaration, input)
        if generates_weight(role):
            w = layer_checks.generated(generated, role.weight_slot, self.weight_shape, batch, self.declaration, input)
            b = generated_bias if generated_bias is not None else (
                None if self.bias is None else self.bias.expand(batch, self.out_channels))
            if self.transposed:
                return HyperOps.conv_transpose(input, w, b, self.stride, self.padding, self.output_padding,
                                               self.dilation, self.groups)
            return HyperOps.conv(input, w, b, self.stride, self.padding, self.dilation, self.groups)

        # Own (shared) weight with a generated bias: one ordinary convolution, then the per-sample bias.
        return self._shared(input, self.weight, None) + generated_bias.reshape([batch, self.out_channels] + [1] * self.spatial_rank)

    def _shared(self, input, weight, bias):
        if self.transposed:
            return conv_functional.convolve_transposed(input, weight, bias, self.stride, self.padding,
                                                       self.output_padding, self.dilation, self.groups)
        return conv_functional.convolve(input, weight, bias, self.stride, self.padding, self.dilation, self.groups)

    def materialize_into(self, destination: "ConvolutionLayer", generated: Optional[GeneratedWeights], sample: int) -> None:
        """Copies this layer's effective weights for one sample into ``destination`` (a layer of the same kind and
        configuration owning all its tensors)."""
        target = layer_checks.destination(destination, type(self), self.declaration)
        if target.weight_shape != self.weight_shape or target.has_bias != self.has_bias:
            render = HyperDslShapeException.render
            raise ValueError(f"{self.declaration}: cannot materialise into {target.declaration}: weight "
                             f"{render(self.weight_shape)} vs {render(target.weight_shape)}, bias {self.has_bias} vs "
                             f"{target.has_bias}.")
        role = self.role
        batch = 0 if generated is None else generated.batch_size
        with torch.no_grad():
            effective_weight = (layer_checks.generated(generated, role.weight_slot, self.weight_shape, batch, self.declaration)[sample]
                                if generates_weight(role) else self.weight)
            layer_checks.copy_into(target.weight, effective_weight, self.declaration, "weight")
            if not self.has_bias:
                return
            effective_bias = (layer_checks.generated(generated, role.bias_slot, [self.out_channels], batch, self.declaration)[sample]
                              if generates_bias(role) else self.bias)
            layer_checks.copy_into(target.bias, effective_bias, self.declaration, "bias")

    def extra_repr(self) -> str:
        return (f"{self.in_channels} -> {self.out_channels}, kernel={self.kernel_size}, stride={self.stride}, "
                f"padding={self.padding}, groups={self.groups}, bias={self.has_bias}, role={self.role}")


class TargetConv(ConvolutionLayer):
    """A convolution with 1, 2 or 3 spatial dimensions (TargetConv.cs)."""

    def __init__(self, name: str, spatial_rank: int, in_channels: int, out_channels: int, kernel_size: Sequence[int],
                 stride: Sequence[int], padding: Sequence[int], dilation: Sequence[int], groups: int, has_bias: bool,
                 role: Role, declaration: str):
        super().__init__(False, name, spatial_rank, in_channels, out_channels, kernel_size, stride, padding,
                         [0] * max(spatial_rank, 0), dilation, groups, has_bias, role, declaration)


class TargetConvTranspose(ConvolutionLayer):
    """A transposed convolution with 1, 2 or 3 spatial dimensions (TargetConvTranspose.cs)."""

    def __init__(self, name: str, spatial_rank: int, in_channels: int, out_channels: int, kernel_size: Sequence[int],
                 stride: Sequence[int], padding: Sequence[int], dilation: Sequence[int],
                 output_padding: Sequence[int], groups: int, has_bias: bool, role: Role, declaration: str):
        super().__init__(True, name, spatial_rank, in_channels, out_channels, kernel_size, stride, padding,
                         output_padding, dilation, groups, has_bias, role, declaration)
