"""Data-parallel training through the real launcher: two gloo processes, each reading a different half of every
batch, end with the parameters one process reaches on the whole batches; a process that dies or hangs makes the
run fail with a message naming what happened, within a bounded time."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

import ddp_fixture
from hyperdsl.distributed import train_data_parallel
from hyperdsl.distributed.train import resolve

RUNTIME = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent
# A run that neither finishes nor fails by then hangs: the failure tests use a 10 s collective timeout.
BOUND_SECONDS = 150


def launch(tmp_path, *arguments, **environment):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(RUNTIME), str(TESTS)]), "OMP_NUM_THREADS": "1",
           **environment}
    command = [sys.executable, "-m", "hyperdsl.distributed.run", "--standalone", "--nproc_per_node=2",
               "-m", "hyperdsl.distributed.train", "--model", "ddp_fixture:make_model", "--data",
               "ddp_fixture:make_dataset", "--loss", "ddp_fixture:loss", "--batch-size", "8", "--lr", "0.01",
               "--log-every", "0", *arguments]
    try:
        return subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=BOUND_SECONDS)
    except subprocess.TimeoutExpired as hung:
        pytest.fail(f"the run neither finished nor failed within {BOUND_SECONDS} s:\n{hung.stderr}")


def batches(path):
    return [[int(i) for i in line.split()] for line in path.read_text().splitlines()]


def test_two_processes_on_halves_of_each_batch_end_where_one_process_on_whole_batches_does(tmp_path, monkeypatch):
    (tmp_path / "two").mkdir()
    (tmp_path / "one").mkdir()
    run = launch(tmp_path, "--steps", "8", "--out", str(tmp_path / "two.pt"), HYPERDSL_FIXTURE_LOG=str(tmp_path / "two"))
    assert run.returncode == 0, run.stderr

    monkeypatch.setenv("HYPERDSL_FIXTURE_LOG", str(tmp_path / "one"))
    single = train_data_parallel(ddp_fixture.make_model, ddp_fixture.make_dataset(), loss=ddp_fixture.loss, steps=8,
                                 batch_size=16, learning_rate=0.01)

    # Each step, the two processes read disjoint halves whose union is the one process's batch.
    rank0, rank1, whole = (batches(tmp_path / "two" / "rank0.txt"), batches(tmp_path / "two" / "rank1.txt"),
                           batches(tmp_path / "one" / "rank0.txt"))
    assert len(rank0) == len(rank1) == len(whole) == 8
    for a, b, w in zip(rank0, rank1, whole):
        assert len(a) == len(b) == 8 and not set(a) & set(b) and sorted(a + b) == sorted(w)

    distributed = torch.load(tmp_path / "two.pt")
    trained = single.model.state_dict()
    assert sorted(distributed) == sorted(trained)
    for key, value in trained.items():
        assert (distributed[key] - value).abs().max().item() < 1e-6, key
    torch.manual_seed(0)
    initial = ddp_fixture.make_model().state_dict()
    assert max((initial[k] - trained[k]).abs().max().item() for k in trained) > 1e-2   # training moved them


def test_a_process_that_dies_fails_the_run_naming_it(tmp_path):
    run = launch(tmp_path, "--steps", "8", "--timeout", "10", HYPERDSL_FIXTURE_FAILURE="die")
    assert run.returncode != 0
    assert "rank      : 1 (local_rank: 1)" in run.stderr and "exitcode  : 3" in run.stderr
    assert "another process has died or stopped responding" in run.stderr


def test_a_process_that_hangs_fails_the_run_at_the_collective_timeout(tmp_path):
    run = launch(tmp_path, "--steps", "8", "--timeout", "10", HYPERDSL_FIXTURE_FAILURE="hang")
    assert run.returncode != 0
    assert ("rank 0 of 2: a collective operation failed during step 3 after 10 s (process-group timeout 10 s): "
            "another process has died or stopped responding") in run.stderr


def test_one_process_without_torchrun_trains_reshuffling_each_epoch(tmp_path, monkeypatch):
    monkeypatch.setenv("HYPERDSL_FIXTURE_LOG", str(tmp_path))
    result = train_data_parallel(ddp_fixture.make_model, ddp_fixture.make_dataset(), loss=ddp_fixture.loss, epochs=2,
                                 batch_size=32, log_every=1)
    assert result.steps == 6 and len(result.losses) == 6 and result.losses[-1] < result.losses[0]
    read = batches(tmp_path / "rank0.txt")
    first, second = sum(read[:3], []), sum(read[3:], [])
    assert sorted(first) == sorted(second) == list(range(96)) and first != second


def test_a_model_without_a_training_loss_is_named():
    with pytest.raises(TypeError, match="has no training_loss"):
        train_data_parallel(lambda: torch.nn.Linear(6, 1), ddp_fixture.make_dataset(), steps=1, batch_size=4)


def test_objects_are_named_as_module_attribute_or_file_attribute(tmp_path):
    assert resolve("ddp_fixture:make_model") is ddp_fixture.make_model
    script = tmp_path / "models.py"
    script.write_text("def factory():\n    return 42\n")
    assert resolve(f"{script}:factory")() == 42
    with pytest.raises(SystemExit, match="has no attribute 'missing'"):
        resolve("ddp_fixture:missing")
