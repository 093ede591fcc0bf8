"""Work side by side (generator/parallel.py): on two cores it really runs in two workers,
and the results come back in the order of the items, as one process would give them."""

from __future__ import annotations

import os
import time

import pytest

from generator.parallel import map_in_workers

CPUS = sorted(os.sched_getaffinity(0))


def where(item: int) -> tuple[int, int]:
    """The item and the process that worked on it (a pause, so that one worker cannot take all)."""
    time.sleep(0.05)
    return item, os.getpid()


def on_cpus(cpus, work, items, **options):
    allowed = os.sched_getaffinity(0)
    os.sched_setaffinity(0, cpus)
    try:
        return map_in_workers(work, items, **options)
    finally:
        os.sched_setaffinity(0, allowed)


def test_on_one_core_the_work_stays_in_this_process():
    results = on_cpus({CPUS[0]}, where, list(range(6)))
    assert results == [(item, os.getpid()) for item in range(6)]


@pytest.mark.skipif(len(CPUS) < 2, reason="needs two cores")
def test_on_two_cores_two_workers_share_the_work_and_keep_the_order():
    results = on_cpus(set(CPUS[:2]), where, list(range(8)), first=[7, 6])
    assert [item for item, _ in results] == list(range(8))
    workers = {pid for _, pid in results}
    assert len(workers) == 2 and os.getpid() not in workers
