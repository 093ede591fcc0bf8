"""Work side by side on every core, for the two steps that use one core each: citeproc-py
formatting references and WeasyPrint laying out printables.

A standard `ProcessPoolExecutor` runs a module-level function on plain, picklable data
(CSL records, HTML text), so the workers need nothing from the parent but what they are
sent, and any start method works. The results come back in the order of the items, so the
output is the same bytes as one process would make.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def cores() -> int:
    """The cores this process may use (a container's limit, not the machine's)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def map_in_workers(
    work: Callable[[Item], Result],
    items: Sequence[Item],
    first: Sequence[int] = (),
    workers: int | None = None,
) -> list[Result]:
    """`[work(item) for item in items]`, in a pool of `workers` processes (default: one per
    core); in this process when one worker would do.

    `work` must be a module-level function and the items and results picklable.
    `first`: the indexes to start with (the longest jobs), so no core waits on one at the end.
    """
    workers = min(workers or cores(), len(items))
    if workers < 2:
        return [work(item) for item in items]
    order = list(dict.fromkeys([*first, *range(len(items))]))
    with ProcessPoolExecutor(workers) as pool:
        futures = {index: pool.submit(work, items[index]) for index in order}
        return [futures[index].result() for index in range(len(items))]
