"""Reference fixtures for the torchvision interop tests (tests/HyperDsl.Interop.Tests).

Run with Debian's interpreter, which sees python3-torch and python3-torchvision:
    /usr/bin/python3 make_fixtures.py OUT_FOLDER [NAME ...]

For each zoo architecture it builds torchvision's <name>(weights=None), seeded, adds noise to every parameter (so batch
norm affine terms are not 1 and 0), runs a few train-mode batches (so running statistics are not 0 and 1), and writes
    <name>.pt           the state dict (torch.save)
    <name>.io.pt        {"input": a [2, 3, 224, 224] batch, "output": the eval-mode output}
For resnet18 also one train-mode forward step from that state:
    resnet18.train.pt   {"output": the train-mode output} and, prefixed "after.", the state dict after the step
and the same weights as .safetensors (one file, and two shards with a Hugging Face index), written by a minimal
writer here, independent of the reader under test. For vit_b_16 also the weights under timm's names
(vit_b_16.timm.pt), converted key by key here, independent of the shipped key map.
Deterministic: the same torch version writes the same values.
"""
import json
import os
import struct
import sys

import torch
import torchvision.models as models

ZOO = ["resnet18", "resnet50", "densenet121", "vit_b_16", "mobilenet_v3_small", "convnext_tiny"]
BATCH = 2
TRAIN_BATCHES = 3


def build(name):
    torch.manual_seed(1234)
    model = getattr(models, name)(weights=None)
    with torch.no_grad():
        for parameter in model.parameters():
            parameter.add_(0.05 * torch.randn_like(parameter))
    has_batchnorm = any(isinstance(m, torch.nn.modules.batchnorm._BatchNorm) for m in model.modules())
    if has_batchnorm:
        model.train()
        with torch.no_grad():
            for _ in range(TRAIN_BATCHES):
                model(torch.randn(BATCH, 3, 224, 224))
    return model.eval()


def write_safetensors(path, tensors):
    """The safetensors layout: u64 header length, JSON header {key: dtype, shape, data_offsets}, raw little-endian data."""
    header, blobs, offset = {}, [], 0
    for key, tensor in tensors.items():
        data = tensor.detach().contiguous().cpu().numpy().tobytes()
        dtype = {torch.float32: "F32", torch.int64: "I64"}[tensor.dtype]
        header[key] = {"dtype": dtype, "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def timm_vit_names(state):
    """torchvision vit_b_16 names to timm's VisionTransformer names, written out key by key."""
    out = {}
    for key, value in state.items():
        if key == "class_token":
            out["cls_token"] = value
        elif key == "encoder.pos_embedding":
            out["pos_embed"] = value
        elif key.startswith("conv_proj."):
            out["patch_embed.proj." + key.split(".")[-1]] = value
        elif key.startswith("encoder.ln."):
            out["norm." + key.split(".")[-1]] = value
        elif key.startswith("heads.head."):
            out["head." + key.split(".")[-1]] = value
        else:
            parts = key.split(".")  # encoder.layers.encoder_layer_{i}.<rest>
            i = parts[2][len("encoder_layer_"):]
            rest = ".".join(parts[3:])
            renamed = {
                "ln_1.weight": "norm1.weight", "ln_1.bias": "norm1.bias",
                "ln_2.weight": "norm2.weight", "ln_2.bias": "norm2.bias",
                "self_attention.in_proj_weight": "attn.qkv.weight", "self_attention.in_proj_bias": "attn.qkv.bias",
                "self_attention.out_proj.weight": "attn.proj.weight", "self_attention.out_proj.bias": "attn.proj.bias",
                "mlp.0.weight": "mlp.fc1.weight", "mlp.0.bias": "mlp.fc1.bias",
                "mlp.3.weight": "mlp.fc2.weight", "mlp.3.bias": "mlp.fc2.bias",
            }[rest]
            out[f"blocks.{i}.{renamed}"] = value
    return out


def main():
    folder = sys.argv[1]
    names = sys.argv[2:] or ZOO
    os.makedirs(folder, exist_ok=True)
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    for name in names:
        model = build(name)
        torch.manual_seed(99)
        batch = torch.randn(BATCH, 3, 224, 224)
        with torch.no_grad():
            output = model(batch)
        state = model.state_dict()
        torch.save(state, os.path.join(folder, f"{name}.pt"))
        torch.save({"input": batch, "output": output}, os.path.join(folder, f"{name}.io.pt"))
        if name == "resnet18":
            write_safetensors(os.path.join(folder, "resnet18.safetensors"), state)
            keys = list(state)
            shards = {"resnet18-00001-of-00002.safetensors": keys[: len(keys) // 2],
                      "resnet18-00002-of-00002.safetensors": keys[len(keys) // 2:]}
            for shard, shard_keys in shards.items():
                write_safetensors(os.path.join(folder, shard), {k: state[k] for k in shard_keys})
            index = {"metadata": {}, "weight_map": {k: s for s, ks in shards.items() for k in ks}}
            with open(os.path.join(folder, "resnet18.safetensors.index.json"), "w") as f:
                json.dump(index, f, indent=1)
            model.train()
            with torch.no_grad():
                trained = model(batch)
            after = {"after." + k: v for k, v in model.state_dict().items()}
            torch.save({"output": trained, **after}, os.path.join(folder, "resnet18.train.pt"))
        if name == "vit_b_16":
            torch.save(timm_vit_names(state), os.path.join(folder, "vit_b_16.timm.pt"))
        print(f"{name}: {len(state)} entries, output {list(output.shape)}", flush=True)
    with open(os.path.join(folder, "complete"), "w") as f:
        f.write(" ".join(names) + "\n")


if __name__ == "__main__":
    main()
