"""The trainer's session plans: timings that add up, a break, notes for every step."""

from __future__ import annotations

import pytest

from generator import workshop


@pytest.fixture(scope="module")
def report(guide):
    return guide.report


@pytest.mark.parametrize("plan", workshop.PLANS, ids=[plan.name for plan in workshop.PLANS])
def test_timings_add_up_with_one_break_and_every_question_once(plan, report):
    assert sum(step.minutes for step in plan.steps) == plan.minutes
    assert [step.is_break for step in plan.steps].count(True) == 1
    assert 10 <= plan.break_minutes <= 20
    asked = [number for step in plan.steps for number in step.questions]
    assert sorted(asked) == list(range(len(report.workshop_questions)))  # each of the report's six, once
    assert all(step.notes and step.minutes > 0 for step in plan.steps)
    assert {step.cards for step in plan.steps} >= {"carers", "practitioners"}
    starts = plan.starts()
    assert starts[0] == "0:00" and len(starts) == len(plan.steps)
    last = plan.steps[-1].minutes
    hours, minutes = map(int, starts[-1].split(":"))
    assert hours * 60 + minutes + last == plan.minutes


def test_there_is_a_two_hour_plan_beside_the_half_day_one():
    assert sorted(plan.minutes for plan in workshop.PLANS) == [120, 150]
    assert workshop.duration(120) == "2 hours" and workshop.duration(150) == "2 hours 30 minutes"
    assert workshop.duration(45) == "45 minutes"


def test_a_plan_that_does_not_add_up_is_caught():
    broken = workshop.Plan("x", "X", 120, "", workshop.PLANS[0].steps[:-1])
    assert sum(step.minutes for step in broken.steps) != broken.minutes
