"""Loads weights exported by HyperDsl into torchvision's model with load_state_dict(strict=True) and checks its output.

    /usr/bin/python3 check_export.py NAME WEIGHTS IO_FIXTURE

WEIGHTS is a torch.save state dict (.pt) or a .safetensors file (read here by a minimal reader). IO_FIXTURE holds
{"input", "output"}: torchvision's own fixture, or what HyperDsl computed with the weights it exported (a materialized
hypernetwork network). Prints the largest relative difference of torchvision's eval-mode output to "output"; exit code 0 when it is within 1e-5, 1 otherwise (2 when
load_state_dict refuses the file, with PyTorch's message).
"""
import json
import struct
import sys

import torch
import torchvision.models as models


def read_safetensors(path):
    dtypes = {"F32": torch.float32, "I64": torch.int64, "F64": torch.float64, "F16": torch.float16}
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
        data = f.read()
    out = {}
    for key, entry in header.items():
        if key == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        tensor = torch.frombuffer(bytearray(data[start:end]), dtype=dtypes[entry["dtype"]])
        out[key] = tensor.reshape(entry["shape"])
    return out


def main():
    name, weights, io_path = sys.argv[1:4]
    state = read_safetensors(weights) if weights.endswith(".safetensors") else torch.load(weights)
    model = getattr(models, name)(weights=None)
    try:
        model.load_state_dict(state, strict=True)
    except RuntimeError as error:
        print(f"load_state_dict(strict=True) refused {weights}: {error}")
        sys.exit(2)
    io = torch.load(io_path)
    with torch.no_grad():
        output = model.eval()(io["input"])
    expected = io["output"]
    relative = ((output - expected).abs().max() / expected.abs().max()).item()
    print(f"{name}: max relative difference {relative:.3g}")
    sys.exit(0 if relative <= 1e-5 else 1)


if __name__ == "__main__":
    main()
