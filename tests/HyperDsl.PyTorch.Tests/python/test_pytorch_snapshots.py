"""Every committed Python snapshot (tests/HyperDsl.Compiler.Tests/Snapshots/*.verified.py) imports without warnings,
builds, and its target network's state dict has the keys and shapes `hyperdsl keys` lists (the TorchSharp module's).
Outside the zoo each also runs forward and backward (batch 1): output finite, gradients reaching trainable parameters.
The zoo's torchvision architectures only build (ViT-B/16's step alone takes minutes on 2 CPU cores); their forward
passes are checked against torchvision by HyperDsl.Interop.Tests on the C# side."""

import pytest
import torch

from pytorch_cases import SNAPSHOTS, cases, condition_class, import_file, inputs, model_class, spec


def build(name):
    model_spec = spec(name)
    module = import_file(SNAPSHOTS / f"{name}.verified.py", "snapshot_" + name.replace(".", "_"))
    model_type = model_class(module, model_spec["model"])
    torch.manual_seed(7)
    model = model_type()
    target = getattr(model, model_spec["target"]).state_dict()
    # Keys and shapes, not their order: PyTorch lists a module's own tensors before its children's.
    assert {key: list(tensor.shape) for key, tensor in target.items()} == {key: shape for key, shape in model_spec["keys"]}
    return model_spec, model_type, model


@pytest.mark.parametrize("name", cases("snapshots"))
def test_snapshot_runs(name):
    model_spec, model_type, model = build(name)
    conditions, x = inputs(model_spec, torch.Generator().manual_seed(8), batch=1)
    output = model(condition_class(model_type)(*conditions), x)
    assert output.shape[0] == x.shape[0]
    assert torch.isfinite(output).all()
    output.float().square().mean().backward()
    trainable = [(key, p) for key, p in model.named_parameters() if p.requires_grad]
    assert trainable, "no trainable parameters"
    reached = [key for key, p in trainable if p.grad is not None and torch.isfinite(p.grad).all() and p.grad.abs().sum() > 0]
    assert reached, "no gradient reached a trainable parameter"


@pytest.mark.parametrize("name", cases("zoo"))
def test_zoo_snapshot_builds(name):
    build(name)
