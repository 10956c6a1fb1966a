"""Command-line entry of data-parallel training; run one process per device with torchrun:

    torchrun --nproc_per_node=2 -m hyperdsl.distributed.train \\
        --model my_models:HydaLike --data my_data:make_dataset --loss my_data:loss \\
        --steps 1000 --batch-size 32 --lr 1e-3 --out runs/hyda.pt

``--model``, ``--data`` and ``--loss`` name Python objects as ``module:attribute`` (an importable module, or a
``path/to/file.py``): ``--model`` a callable returning the model (a generated model class is one); ``--data`` a
Dataset or a callable returning one; ``--loss`` a callable ``(model, batch) -> scalar tensor`` (default:
``model.training_loss(*batch)``). ``--batch-size`` is per process. Without torchrun it trains in one process.
Rank 0 writes the model's state dict to ``--out``. A process that dies or hangs makes the others fail after
``--timeout`` seconds at most, and torchrun then stops the run with a non-zero exit code."""

import argparse
import importlib
import importlib.util
import os
import sys
from typing import Any, List, Optional

import torch

from .data_parallel import default_loss, train_data_parallel


def resolve(spec: str) -> Any:
    """The object ``module:attribute`` names; the module may be a dotted name or a path to a ``.py`` file."""
    module_name, colon, attribute = spec.rpartition(":")
    if not colon or not module_name or not attribute:
        raise SystemExit(f"'{spec}' is not module:attribute (for example my_models:HydaLike).")
    if module_name.endswith(".py"):
        path = os.path.abspath(module_name)
        loaded = importlib.util.spec_from_file_location(os.path.splitext(os.path.basename(path))[0], path)
        if loaded is None or not os.path.isfile(path):
            raise SystemExit(f"'{module_name}' is not a Python file.")
        module = importlib.util.module_from_spec(loaded)
        sys.modules[loaded.name] = module
        loaded.loader.exec_module(module)
    else:
        module = importlib.import_module(module_name)
    try:
        target = module
        for part in attribute.split("."):
            target = getattr(target, part)
    except AttributeError:
        raise SystemExit(f"'{module_name}' has no attribute '{attribute}'.") from None
    return target


def parse(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m hyperdsl.distributed.train", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, help="module:callable returning the model")
    parser.add_argument("--data", required=True, help="module:Dataset, or module:callable returning one")
    parser.add_argument("--loss", help="module:callable (model, batch) -> scalar (default: model.training_loss(*batch))")
    length = parser.add_mutually_exclusive_group()
    length.add_argument("--steps", type=int, help="optimizer steps (cycling epochs as needed)")
    length.add_argument("--epochs", type=int, default=1, help="full passes over the data (default 1)")
    parser.add_argument("--batch-size", type=int, default=32, help="samples per process and step (default 32)")
    parser.add_argument("--optimizer", choices=["adamw", "sgd"], default="adamw")
    parser.add_argument("--lr", type=float, default=1e-3, help="learning rate (default 1e-3)")
    parser.add_argument("--weight-decay", type=float, default=0.0)
    parser.add_argument("--momentum", type=float, default=0.0, help="SGD momentum")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-shuffle", action="store_true", help="read the data in order")
    parser.add_argument("--timeout", type=float, default=300.0,
                        help="seconds a collective may wait for another process before the run fails (default 300)")
    parser.add_argument("--backend", choices=["gloo", "nccl"], help="default: nccl with CUDA, else gloo")
    parser.add_argument("--find-unused-parameters", action="store_true")
    parser.add_argument("--log-every", type=int, default=10, help="print the mean loss every N steps (0: never)")
    parser.add_argument("--out", help="where rank 0 saves the model's state dict (torch.save)")
    return parser.parse_args(argv)


def main(argv: Optional[List[str]] = None) -> int:
    args = parse(argv)
    model_factory = resolve(args.model)
    data = resolve(args.data)
    dataset = data if isinstance(data, (torch.utils.data.Dataset, list, tuple)) else data()
    loss = resolve(args.loss) if args.loss else default_loss

    def optimizer(parameters):
        if args.optimizer == "sgd":
            return torch.optim.SGD(parameters, lr=args.lr, momentum=args.momentum, weight_decay=args.weight_decay)
        return torch.optim.AdamW(parameters, lr=args.lr, weight_decay=args.weight_decay)

    train_data_parallel(model_factory, dataset, loss=loss, batch_size=args.batch_size, steps=args.steps,
                        epochs=args.epochs, optimizer_factory=optimizer, seed=args.seed, shuffle=not args.no_shuffle,
                        timeout_seconds=args.timeout, backend=args.backend,
                        find_unused_parameters=args.find_unused_parameters, log_every=args.log_every, output=args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
