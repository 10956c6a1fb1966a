"""What the PyTorch backend's tests share: the case lists (HYPERDSL_PYTORCH_CASES, written by the xunit side before
collection), the data the TorchSharp side exported (HYPERDSL_PYTORCH_DATA), importing a generated module, and the
inputs of a model built from its spec (shapes and condition roles read from the bound model)."""

import importlib.util
import json
import os
import pathlib
import typing
import warnings

import torch
from torch import nn

SNAPSHOTS = pathlib.Path(__file__).resolve().parents[2] / "HyperDsl.Compiler.Tests" / "Snapshots"


def cases(kind):
    """The case names of ``kind`` (snapshots, parity); none when the tests run outside HyperDsl.PyTorch.Tests."""
    path = os.environ.get("HYPERDSL_PYTORCH_CASES")
    return json.loads(pathlib.Path(path).read_text(encoding="utf-8"))[kind] if path else []


def data_folder():
    path = os.environ.get("HYPERDSL_PYTORCH_DATA")
    assert path, "HYPERDSL_PYTORCH_DATA is not set: run these tests through HyperDsl.PyTorch.Tests (dotnet test)"
    return pathlib.Path(path)


def spec(name):
    return json.loads((data_folder() / "specs.json").read_text(encoding="utf-8"))[name]


def import_file(path, module_name):
    """Imports a generated module from ``path``; any warning on import fails the test."""
    specification = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(specification)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        specification.loader.exec_module(module)
    return module


def model_class(module, model_name):
    """The module's model class: the nn.Module whose MODEL_NAME is the .hyp model's name."""
    found = [c for c in vars(module).values()
             if isinstance(c, type) and issubclass(c, nn.Module) and getattr(c, "MODEL_NAME", None) == model_name]
    assert len(found) == 1, f"{module.__name__}: {len(found)} classes named {model_name}"
    return found[0]


def condition_class(model_type):
    return typing.get_type_hints(model_type.forward)["condition"]


def inputs(model_spec, generator, batch=2):
    """The condition tensors (in the condition class's field order) and the input, drawn for ``model_spec``."""
    tensors = []
    for condition in model_spec["conditions"]:
        shape = (batch, *condition["shape"])
        if condition["role"] == "TaskIds":
            tensors.append(torch.arange(batch) % condition["count"])
        elif condition["role"] == "SupportMask":
            tensors.append((torch.rand(shape, generator=generator) > 0.5).float())
        else:
            tensors.append(torch.randn(shape, generator=generator))
    return tensors, torch.randn((batch, *model_spec["input_shape"]), generator=generator)
