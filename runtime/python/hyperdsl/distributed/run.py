"""torchrun, also where torch's own is broken: ``python -m hyperdsl.distributed.run`` takes torchrun's arguments
(``--standalone --nproc_per_node=2 -m hyperdsl.distributed.train ...``) and runs ``torch.distributed.run``.

torch 1.13's launcher parses ``--redirects`` / ``--tee`` by iterating ``Std``, an ``IntFlag``; from Python 3.11 on,
iterating a flag skips its zero and composite members, so the default ``0`` parses to None and every launch fails
with ``'NoneType' object has no attribute 'get'`` (Debian 12: python3-torch 1.13 with Python 3.11). torch 2 parses
with ``Std(int(v))``; this does the same, and only when the installed torch gets it wrong."""

import re
import sys

from torch.distributed.elastic.multiprocessing import api


def _parse_std(cls, value: str):
    if re.match(api._VALUE_REGEX, value):
        return cls(int(value))
    if re.match(api._MAPPING_REGEX, value):
        return {int(rank): cls(int(std)) for rank, std in (item.split(":") for item in value.split(","))}
    raise ValueError(f"{value} does not match: <{api._VALUE_REGEX}> or <{api._MAPPING_REGEX}>")


def _repair_std_parsing() -> None:
    if api.Std.from_str("0") is None:
        api.Std.from_str = classmethod(_parse_std)


def main(argv=None) -> None:
    _repair_std_parsing()
    from torch.distributed.run import main as torchrun
    torchrun(argv)


if __name__ == "__main__":
    main(sys.argv[1:])
