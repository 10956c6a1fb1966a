"""The generated tensors the hypernetwork tests share, as the C# HyperNetworkTests declare them: two linear layers of
type "fc" (weight + bias each) and one LoRA module of type "q" at depth 1."""

from hyperdsl import GeneratedKind, GeneratedTensorSpec

SPECS = [
    GeneratedTensorSpec("fc1.weight", GeneratedKind.Weight, [4, 3], 3, 4, 0, "fc", 0),
    GeneratedTensorSpec("fc1.bias", GeneratedKind.Bias, [4], 3, 4, 0, "fc", 0),
    GeneratedTensorSpec("fc2.weight", GeneratedKind.Weight, [4, 3], 3, 4, 1, "fc", 1),
    GeneratedTensorSpec("fc2.bias", GeneratedKind.Bias, [4], 3, 4, 1, "fc", 1),
    GeneratedTensorSpec("q.lora_a", GeneratedKind.LoraA, [2, 3], 3, 4, 2, "q", 1),
    GeneratedTensorSpec("q.lora_b", GeneratedKind.LoraB, [4, 2], 3, 4, 2, "q", 1),
]
