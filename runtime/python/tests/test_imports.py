"""Every public module imports in a fresh interpreter without warnings, and the top level exports what
generated modules use."""

import subprocess
import sys
from pathlib import Path

import hyperdsl

RUNTIME = Path(__file__).resolve().parents[1]
MODULES = ["hyperdsl", "hyperdsl.layers", "hyperdsl.init", "hyperdsl.hypernets", "hyperdsl.conditioning",
           "hyperdsl.losses", "hyperdsl.training", "hyperdsl.activations", "hyperdsl.errors", "hyperdsl.distributed",
           "hyperdsl.distributed.train", "hyperdsl.distributed.run", "hyperdsl.init.hyperfan_init",
           "hyperdsl.layers.target_linear"]


def test_every_module_imports_in_a_fresh_interpreter_without_warnings():
    # Any hyperdsl import runs hyperdsl/__init__.py first, which fixes the order the subpackages load in.
    run = subprocess.run([sys.executable, "-W", "error", "-c", "; ".join(f"import {m}" for m in MODULES)],
                         cwd=RUNTIME, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_the_top_level_exports_every_public_name():
    for name in hyperdsl.__all__:
        assert getattr(hyperdsl, name) is not None, name
    assert hyperdsl.StrategyKind.PerLayerHeads.name == "PerLayerHeads" and hyperdsl.NormKind.None_.value == 0
