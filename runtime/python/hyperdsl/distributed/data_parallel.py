"""Data-parallel training of any model (a generated HyperDsl model or not) under torchrun: one process per device,
each reading a different share of every batch (DistributedSampler), gradients averaged across processes by
DistributedDataParallel, so W processes with batch b train exactly like one process with batch W*b."""

import datetime
import os
import sys
import time
from dataclasses import dataclass, field
from typing import Any, Callable, List, Optional

import torch
import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, Dataset
from torch.utils.data.distributed import DistributedSampler

Loss = Callable[[nn.Module, Any], torch.Tensor]


class DistributedTrainingError(RuntimeError):
    """A collective operation failed or timed out: another process died or stopped responding."""


@dataclass
class TrainResult:
    """What a run did: the trained model (unwrapped), the optimizer steps taken and each step's loss averaged over
    the processes (when logged; see ``log_every``)."""
    model: nn.Module
    steps: int
    losses: List[float] = field(default_factory=list)


@dataclass(frozen=True)
class ProcessInfo:
    """This process's place in the run, read from torchrun's environment (one process when it is absent)."""
    rank: int
    local_rank: int
    world_size: int

    @staticmethod
    def from_environment() -> "ProcessInfo":
        return ProcessInfo(int(os.environ.get("RANK", 0)), int(os.environ.get("LOCAL_RANK", 0)),
                           int(os.environ.get("WORLD_SIZE", 1)))


def default_loss(model: nn.Module, batch) -> torch.Tensor:
    """``model.training_loss(*batch)``: a generated model's declared loss of one batch (condition, input, target)."""
    if not hasattr(model, "training_loss"):
        raise TypeError(f"{type(model).__name__} has no training_loss(...); pass loss=(model, batch) -> scalar tensor.")
    return model.training_loss(*batch) if isinstance(batch, (list, tuple)) else model.training_loss(batch)


class _LossModule(nn.Module):
    """The model and its loss as one module, so every forward goes through DistributedDataParallel (which only
    synchronises gradients of work done inside its own forward). Registered as ``model``: its state dict is the
    model's under a ``model.`` prefix, and the model itself is what a run returns and saves."""

    def __init__(self, model: nn.Module, loss: Loss):
        super().__init__()
        self.model = model
        self._loss = loss

    def forward(self, batch):
        return self._loss(self.model, batch)


def train_data_parallel(model_factory: Callable[[], nn.Module], dataset: Dataset, *, loss: Loss = default_loss,
                        batch_size: int = 32, steps: Optional[int] = None, epochs: int = 1,
                        learning_rate: float = 1e-3, weight_decay: float = 0.0,
                        optimizer_factory: Optional[Callable[[List[nn.Parameter]], torch.optim.Optimizer]] = None,
                        seed: int = 0, shuffle: bool = True, timeout_seconds: float = 300.0,
                        backend: Optional[str] = None, find_unused_parameters: bool = False, log_every: int = 0,
                        output: Optional[str] = None) -> TrainResult:
    """Trains ``model_factory()`` on ``dataset`` in every process torchrun started (or in this process alone).

    * ``batch_size`` is per process: W processes read W * batch_size samples per step, each its own share of the
      same global batch (the global batches are those one process with batch W * batch_size would read).
    * ``steps`` optimizer steps (cycling epochs as needed), or ``epochs`` full passes when ``steps`` is None.
      Incomplete last batches are dropped, so every process takes every step with the same batch size.
    * ``loss(model, batch)`` returns a scalar; by default ``model.training_loss(*batch)``.
    * ``optimizer_factory(parameters)``; by default AdamW(learning_rate, weight_decay) over the parameters that
      require gradients (frozen and LoRA-frozen weights stay as they are).
    * The model is built after ``torch.manual_seed(seed)`` in every process, so all start identical (DDP also
      broadcasts rank 0's parameters and buffers); then each process reseeds with ``seed + rank``, so dropout and
      noise conditions differ between processes.
    * ``backend``: ``nccl`` when CUDA is available, else ``gloo`` (each process then uses ``cuda:LOCAL_RANK``).
      The process group gets ``timeout_seconds``: a collective that waits longer (a dead or hung process) fails
      with :class:`DistributedTrainingError` instead of hanging.
    * Batch-norm statistics stay per process (a half batch each); use ``nn.SyncBatchNorm`` on GPUs when that
      matters. ``find_unused_parameters`` as DDP's, for losses that leave some trainable parameters unused.
    * ``log_every`` > 0: every that many steps rank 0 prints the loss averaged over the processes.
    * ``output``: rank 0 saves ``model.state_dict()`` there (``torch.save``, atomically) at the end.
    """
    if batch_size < 1:
        raise ValueError(f"The batch size must be positive, got {batch_size}.")
    if steps is not None and steps < 1 or epochs < 1:
        raise ValueError(f"steps must be positive (or None) and epochs positive, got {steps} and {epochs}.")
    process = ProcessInfo.from_environment()
    backend = backend or ("nccl" if torch.cuda.is_available() else "gloo")
    device = torch.device("cuda", process.local_rank) if backend == "nccl" else torch.device("cpu")
    if device.type == "cuda":
        torch.cuda.set_device(device)
    distributed = process.world_size > 1
    if distributed and not dist.is_initialized():
        dist.init_process_group(backend, timeout=datetime.timedelta(seconds=timeout_seconds))
    try:
        return _train(model_factory, dataset, loss, process, device, distributed, batch_size, steps, epochs,
                      learning_rate, weight_decay, optimizer_factory, seed, shuffle, timeout_seconds,
                      find_unused_parameters, log_every, output)
    finally:
        if distributed and dist.is_initialized():
            dist.destroy_process_group()


def _train(model_factory, dataset, loss, process, device, distributed, batch_size, steps, epochs, learning_rate,
           weight_decay, optimizer_factory, seed, shuffle, timeout_seconds, find_unused_parameters, log_every, output):
    torch.manual_seed(seed)
    model = model_factory().to(device)
    torch.manual_seed(seed + process.rank)

    # One process uses the same sampler with one replica: its batches are then the union of the W processes'.
    sampler = DistributedSampler(dataset, num_replicas=process.world_size, rank=process.rank, shuffle=shuffle,
                                 seed=seed, drop_last=True)
    loader = DataLoader(dataset, batch_size=batch_size, sampler=sampler, drop_last=True)
    if len(loader) == 0:
        raise ValueError(f"{len(dataset)} samples give no full batch of {batch_size} per process for "
                         f"{process.world_size} processes.")
    total_steps = steps if steps is not None else epochs * len(loader)

    wrapped = _LossModule(model, loss)
    if distributed:
        with _collectives_named(process, timeout_seconds, "setting up DistributedDataParallel"):
            wrapped = DistributedDataParallel(wrapped, device_ids=[device.index] if device.type == "cuda" else None,
                                              find_unused_parameters=find_unused_parameters)
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = (optimizer_factory(trainable) if optimizer_factory is not None
                 else torch.optim.AdamW(trainable, lr=learning_rate, weight_decay=weight_decay))

    model.train()
    logged: List[float] = []
    step, epoch = 0, 0
    while step < total_steps:
        sampler.set_epoch(epoch)
        for batch in loader:
            if step == total_steps:
                break
            batch = _to_device(batch, device)
            with _collectives_named(process, timeout_seconds, f"step {step + 1}"):
                optimizer.zero_grad(set_to_none=True)
                value = wrapped(batch)
                if value.numel() != 1:
                    raise ValueError(f"The loss must be a scalar, got shape {list(value.shape)}.")
                if not torch.isfinite(value.detach()).all():
                    raise FloatingPointError(f"rank {process.rank}: the loss of step {step + 1} is {value.item()}; "
                                             "lower the learning rate or check the data.")
                value.backward()
                optimizer.step()
                step += 1
                if log_every > 0 and (step % log_every == 0 or step == total_steps):
                    mean = _mean_over_processes(value.detach(), distributed)
                    logged.append(mean)
                    if process.rank == 0:
                        print(f"step {step}/{total_steps} loss {mean:.6g}", flush=True)
        epoch += 1

    if output is not None and process.rank == 0:
        _save_atomically(model.state_dict(), output)
    return TrainResult(model, step, logged)


class _collectives_named:
    """Turns a failed or timed-out collective into a DistributedTrainingError that says what happened and where."""

    def __init__(self, process: ProcessInfo, timeout_seconds: float, what: str):
        self._process, self._timeout, self._what = process, timeout_seconds, what

    def __enter__(self):
        self._started = time.monotonic()
        return self

    def __exit__(self, kind, error, traceback):
        if kind is None or not issubclass(kind, RuntimeError) or issubclass(kind, DistributedTrainingError):
            return False
        if self._process.world_size == 1 or not _looks_like_a_collective_failure(str(error)):
            return False
        elapsed = time.monotonic() - self._started
        message = (f"rank {self._process.rank} of {self._process.world_size}: a collective operation failed during "
                   f"{self._what} after {elapsed:.0f} s (process-group timeout {self._timeout:g} s): another process "
                   f"has died or stopped responding. Its own log says why. Original error: {error}")
        print(f"hyperdsl.distributed: {message}", file=sys.stderr, flush=True)
        raise DistributedTrainingError(message) from error


def _looks_like_a_collective_failure(text: str) -> bool:
    markers = ("Timed out", "timed out", "Connection closed", "Connection reset", "Broken pipe", "NCCL", "gloo",
               "Gloo", "peer", "ProcessGroup", "store")
    return any(marker in text for marker in markers)


def _mean_over_processes(value: torch.Tensor, distributed: bool) -> float:
    total = value.clone().float().reshape(1)
    if distributed:
        dist.all_reduce(total)
        total /= dist.get_world_size()
    return float(total)


def _to_device(batch, device):
    if isinstance(batch, torch.Tensor):
        return batch.to(device)
    if isinstance(batch, (list, tuple)):
        return type(batch)(_to_device(item, device) for item in batch)
    if isinstance(batch, dict):
        return {key: _to_device(item, device) for key, item in batch.items()}
    return batch


def _save_atomically(state, path: str) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    temporary = f"{path}.tmp-{os.getpid()}"
    torch.save(state, temporary)
    os.replace(temporary, path)


__all__ = ["DistributedTrainingError", "ProcessInfo", "TrainResult", "default_loss", "train_data_parallel"]
