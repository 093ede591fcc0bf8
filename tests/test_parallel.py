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


def mark_done(item: tuple[int, str]) -> int:
    """Work that leaves a mark when it is done (a file in a shared folder)."""
    number, folder = item
    time.sleep(0.02)
    with open(os.path.join(folder, str(number)), "w"):
        pass
    return number


class Made:
    """Items made when asked for, which check that few are waiting: asked for but not done."""

    def __init__(self, count: int, folder: str, most: int):
        self.count, self.folder, self.most = count, folder, most
        self.asked: list[int] = []

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, number: int) -> tuple[int, str]:
        waiting = len(self.asked) - len(os.listdir(self.folder))
        assert waiting <= self.most, f"{waiting} items made and waiting for a worker"
        self.asked.append(number)
        return number, self.folder


@pytest.mark.skipif(len(CPUS) < 2, reason="needs two cores")
def test_items_are_made_when_sent_a_few_at_a_time(tmp_path):
    """A large guide's printables' HTML is made as the pool sends each one, not all at once."""
    from generator.parallel import AHEAD

    items = Made(40, str(tmp_path), most=(1 + AHEAD) * 2)
    results = on_cpus(set(CPUS[:2]), mark_done, items, first=[39])
    assert results == list(range(40))
    assert items.asked[0] == 39 and sorted(items.asked) == list(range(40))
