import os
import sys

import torch
import pytest

# The tests share helper modules beside them (hypernet_specs, ddp_fixture); importable under any pytest import mode.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

# Small tensors on a shared 2-core machine: one intra-op thread is as fast and keeps results reproducible.
torch.set_num_threads(1)


@pytest.fixture(autouse=True)
def _seed():
    torch.manual_seed(1234)
