import torch
import pytest

# Small tensors on a shared 2-core machine: one intra-op thread is as fast and keeps results reproducible.
torch.set_num_threads(1)


@pytest.fixture(autouse=True)
def _seed():
    torch.manual_seed(1234)
