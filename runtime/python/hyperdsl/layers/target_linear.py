"""A linear layer of a target network (TargetLinear.cs)."""

from typing import Optional

import torch
import torch.nn.functional as F
from torch import nn

from ..init.torch_default_init import TorchDefaultInit
from . import layer_checks
from .generated_weights import GeneratedWeights
from .hyper_ops import HyperOps
from .role import FrozenRole, LoraRole, Role, generates_bias, generates_weight


class TargetLinear(nn.Module):
    """Own parameters (trainable or frozen), weight and/or bias generated per sample (applied with
    :meth:`HyperOps.linear`), or LoRA on a frozen weight (:meth:`HyperOps.lora_linear`). Own tensors are the
    parameters ``weight`` ``[out, in]`` and ``bias`` ``[out]``, initialised like torch.nn.Linear; a generated or
    absent tensor is not registered."""

    def __init__(self, name: str, in_features: int, out_features: int, has_bias: bool, role: Role, declaration: str):
        super().__init__()
        if role is None:
            raise ValueError(f"{declaration}: a layer needs a role.")
        if generates_bias(role) and not has_bias:
            raise ValueError(f"{declaration}: the role generates a bias, but the layer has none.")
        self.name = name
        self.in_features = in_features
        self.out_features = out_features
        self.has_bias = has_bias
        self.role = role
        self.declaration = declaration
        trainable = not isinstance(role, (FrozenRole, LoraRole))
        self.weight = None if generates_weight(role) else TorchDefaultInit.parameter([out_features, in_features], in_features, trainable)
        self.bias = TorchDefaultInit.parameter([out_features], in_features, trainable) if has_bias and not generates_bias(role) else None

    def forward(self, input: torch.Tensor, generated: Optional[GeneratedWeights] = None) -> torch.Tensor:
        """``input`` ``[B, in]`` or ``[B, T, in]`` (own parameters only: any leading dimensions); ``generated`` is the
        hypernetwork's output for this batch, required for External and Lora roles."""
        role = self.role
        if not (isinstance(role, LoraRole) or generates_weight(role) or generates_bias(role)):
            layer_checks.input(input, self.declaration, (1, 2, 3, 4, 5, 6), -1, self.in_features, f"[..., {self.in_features}]")
            return F.linear(input, self.weight, self.bias)

        layer_checks.input(input, self.declaration, (2, 3), -1, self.in_features,
                           f"[B, {self.in_features}] or [B, T, {self.in_features}]")
        batch = input.size(0)
        if isinstance(role, LoraRole):
            a = layer_checks.generated(generated, role.a_slot, [role.rank, self.in_features], batch, self.declaration, input)
            b = layer_checks.generated(generated, role.b_slot, [self.out_features, role.rank], batch, self.declaration, input)
            return HyperOps.lora_linear(input, self.weight, self.bias, a, b, role.scale)

        generated_bias = None
        if role.bias_slot is not None:
            generated_bias = layer_checks.generated(generated, role.bias_slot, [self.out_features], batch, self.declaration, input)
        if role.weight_slot is not None:
            w = layer_checks.generated(generated, role.weight_slot, [self.out_features, self.in_features], batch,
                                       self.declaration, input)
            bias = generated_bias if generated_bias is not None else (
                None if self.bias is None else self.bias.expand(batch, self.out_features))
            return HyperOps.linear(input, w, bias)

        # Own (shared) weight with a generated bias: one matmul, then the per-sample bias.
        shared = F.linear(input, self.weight)
        return shared + generated_bias.unsqueeze(1) if input.dim() == 3 else shared + generated_bias

    def materialize_into(self, destination: "TargetLinear", generated: Optional[GeneratedWeights], sample: int) -> None:
        """Copies this layer's effective weights for one sample into ``destination`` (a TargetLinear of the same
        shapes owning all its tensors): own parameters as they are, generated ones from ``generated[slot][sample]``,
        LoRA merged as ``W + (alpha / rank) * B @ A``."""
        target = layer_checks.destination(destination, TargetLinear, self.declaration)
        role = self.role
        with torch.no_grad():
            if generates_weight(role):
                effective_weight = self._sample_of(generated, role.weight_slot, [self.out_features, self.in_features], sample)
            elif isinstance(role, LoraRole):
                b = self._sample_of(generated, role.b_slot, [self.out_features, role.rank], sample)
                a = self._sample_of(generated, role.a_slot, [role.rank, self.in_features], sample)
                effective_weight = self.weight + role.scale * b.matmul(a)
            else:
                effective_weight = self.weight
            layer_checks.copy_into(target.weight, effective_weight, self.declaration, "weight")
            if not self.has_bias:
                return
            effective_bias = (self._sample_of(generated, role.bias_slot, [self.out_features], sample)
                              if generates_bias(role) else self.bias)
            layer_checks.copy_into(target.bias, effective_bias, self.declaration, "bias")

    def _sample_of(self, generated, slot, per_sample, sample):
        batch = 0 if generated is None else generated.batch_size
        return layer_checks.generated(generated, slot, per_sample, batch, self.declaration)[sample]

    def extra_repr(self) -> str:
        return f"{self.in_features} -> {self.out_features}, bias={self.has_bias}, role={self.role}"
