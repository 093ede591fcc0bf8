"""Work side by side on every core, for the two steps that use one core each: citeproc-py
formatting references and WeasyPrint laying out printables.

A standard `ProcessPoolExecutor` runs a module-level function on plain, picklable data
(CSL records, HTML text), so the workers need nothing from the parent but what they are
sent, and any start method works. The results come back in the order of the items, so the
output is the same bytes as one process would make.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

AHEAD = 2
"""Items sent to each worker ahead of the one it is on: enough that no worker waits, few enough
that items made when they are asked for (a printable's HTML) are not all held at once."""


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
    core); in this process when one worker would do. See `each_in_workers`."""
    results = dict(each_in_workers(work, items, first, workers))
    return [results[index] for index in range(len(items))]


def each_in_workers(
    work: Callable[[Item], Result],
    items: Sequence[Item],
    first: Sequence[int] = (),
    workers: int | None = None,
) -> Iterator[tuple[int, Result]]:
    """`(index, work(item))` for every item, each as soon as it is done (in no set order), in a
    pool of `workers` processes (default: one per core); in this process, in order, when one
    worker would do. The caller can use each result (write a printable) and let it go while
    the others are worked on, instead of holding them all.

    `work` must be a module-level function and the items and results picklable. Each item is
    asked for (`items[index]`) only when it is sent, a few at a time (AHEAD a worker): `items`
    may make them as they are asked for.
    `first`: the indexes to start with (the longest jobs), so no core waits on one at the end.
    """
    workers = min(workers or cores(), len(items))
    if workers < 2:
        for index in range(len(items)):
            yield index, work(items[index])
        return
    order = list(dict.fromkeys([*first, *range(len(items))]))
    with ProcessPoolExecutor(workers) as pool:
        running: dict[Future[Result], int] = {}
        try:
            for index in order:
                if len(running) >= (1 + AHEAD) * workers:
                    done, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in done:
                        yield running.pop(future), future.result()
                running[pool.submit(work, items[index])] = index
            while running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    yield running.pop(future), future.result()
        finally:  # the caller stopped early (an error): what has not started is not started
            for future in running:
                future.cancel()
