"""Data-parallel training under torchrun (``torch.distributed``): the function :func:`train_data_parallel` and the
command ``torchrun --nproc_per_node=N -m hyperdsl.distributed.train --model pkg.module:factory --data
pkg.module:dataset ...`` (see ``hyperdsl/distributed/train.py``)."""

from .data_parallel import DistributedTrainingError, ProcessInfo, TrainResult, default_loss, train_data_parallel

__all__ = ["DistributedTrainingError", "ProcessInfo", "TrainResult", "default_loss", "train_data_parallel"]
