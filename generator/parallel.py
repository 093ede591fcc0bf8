"""Work side by side on every core, for the two steps that use one core each: citeproc-py
formatting references and WeasyPrint laying out printables.

Workers are forked, so they inherit what the parent has already built (products,
templates, styles) and only each result travels back; the results come back in the
order of the items, so the output is the same bytes as one process would make.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def cores() -> int:
    """The cores this process may use (a container's limit, not the machine's)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def can_fork() -> bool:
    return cores() > 1 and "fork" in multiprocessing.get_all_start_methods()


_TASK: tuple[Callable, Sequence] | None = None
"""The running `forked_map`'s function and items, inherited by its forked workers."""


def forked_map(
    work: Callable[[Item], Result], items: Sequence[Item], first: Sequence[int] | None = None
) -> list[Result]:
    """`[work(item) for item in items]`, in forked workers when there are several cores.

    `first`: the indexes to start with (the longest jobs), so no core waits on one at the end.
    """
    if len(items) < 2 or not can_fork():
        return [work(item) for item in items]
    global _TASK
    _TASK = (work, items)
    try:
        order = list(first or []) + [index for index in range(len(items)) if index not in set(first or [])]
        with ProcessPoolExecutor(min(cores(), len(items)), mp_context=multiprocessing.get_context("fork")) as pool:
            futures = {index: pool.submit(_run, index) for index in order}
            return [futures[index].result() for index in range(len(items))]
    finally:
        _TASK = None


def _run(index: int):
    if _TASK is None:
        raise RuntimeError("a forked worker ran without the work of its forked_map")
    work, items = _TASK
    return work(items[index])
