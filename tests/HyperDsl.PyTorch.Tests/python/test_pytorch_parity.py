"""The generated Python model against the TorchSharp one (HyperDsl.PyTorch.Tests exports it): the TorchSharp state dict
loads with load_state_dict(strict=True), and the same inputs give the same output and the same gradient of every
parameter, within 1e-5 of the tensor's largest magnitude (at least 1): float32 sums over a feature map are rounded
differently by TorchSharp's libtorch and Debian's, so a gradient of magnitude 10 differs by up to about 5e-5. Models whose conditions are random draws (noise, sampled support patches) are compared from
the condition embedding on: the hypernetwork and the target network."""

import pytest
import torch

from pytorch_cases import cases, condition_class, data_folder, import_file, model_class, spec

TOLERANCE = 1e-5


def assert_close(actual, expected, what):
    assert actual.shape == expected.shape, f"{what}: shape {tuple(actual.shape)}, expected {tuple(expected.shape)}"
    scale = max(1.0, expected.abs().max().item())
    difference = (actual - expected).abs().max().item()
    assert difference <= TOLERANCE * scale, f"{what}: differs by {difference:.3g} (allowed {TOLERANCE * scale:.3g})"


@pytest.mark.parametrize("name", cases("parity"))
def test_parity(name):
    model_spec = spec(name)
    folder = data_folder() / "parity" / name
    module = import_file(data_folder() / "gen" / f"{model_spec['module']}.py", "parity_" + model_spec["module"])
    model_type = model_class(module, model_spec["model"])
    model = model_type()
    model.load_state_dict(torch.load(folder / "weights.pt"), strict=True)
    model.eval()
    data = torch.load(folder / "data.pt")

    x = data["x"]
    if model_spec["from_embedding"]:
        generated = model.hypernet(data["embedding"])
        output = getattr(model, model_spec["target"])(x, generated)
    else:
        conditions = [data[f"condition.{i}"] for i in range(len(model_spec["conditions"]))]
        output = model(condition_class(model_type)(*conditions), x)
    assert_close(output, data["output"], "output")

    (output * data["output_weight"]).sum().backward()
    expected = {key[len("grad."):]: value for key, value in data.items() if key.startswith("grad.")}
    actual = {key: p.grad for key, p in model.named_parameters() if p.grad is not None}
    assert sorted(actual) == sorted(expected), "parameters with a gradient differ"
    for key, grad in expected.items():
        assert_close(actual[key], grad, f"gradient of {key}")
