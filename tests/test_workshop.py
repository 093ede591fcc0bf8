"""The trainer's session plans (Working Together's evidence/workshop.yml): timings that add up,
a break, notes for every step; and the checks that catch a plan that does not add up."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator import pipeline, workshop
from tests.helpers import ROOT


def problems_of(root: Path) -> list[str]:
    return [str(problem) for problem in pipeline.check(root).errors]


PLANS = workshop.workshop("evidence/workshop.yml", yaml.safe_load((ROOT / "evidence/workshop.yml").read_text())).plans


@pytest.fixture(scope="module")
def report(guide):
    return guide.report


@pytest.mark.parametrize("plan", PLANS, ids=[plan.name for plan in PLANS])
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
    assert sorted(plan.minutes for plan in PLANS) == [120, 150]
    assert workshop.duration(120) == "2 hours" and workshop.duration(150) == "2 hours 30 minutes"
    assert workshop.duration(45) == "45 minutes"


def test_a_plan_that_does_not_add_up_is_caught(project: Path):
    plans = project / "evidence/workshop.yml"
    text = plans.read_text(encoding="utf-8")
    plans.write_text(text.replace("    minutes: 120\n", "    minutes: 125\n", 1), encoding="utf-8")
    assert any(
        "plan 'workshop-two-hour-plan' lasts 125 minutes, but its steps add up to 120" in problem
        for problem in problems_of(project)
    )


def test_a_step_asking_a_question_the_report_lacks_or_unknown_cards_is_caught(project: Path):
    plans = project / "evidence/workshop.yml"
    text = plans.read_text(encoding="utf-8")
    text = text.replace("questions: [0, 1]", "questions: [0, 9]", 1).replace("cards: carers", "cards: carer", 1)
    plans.write_text(text, encoding="utf-8")
    found = problems_of(project)
    assert any("asks question 9, but the report has 6 workshop questions" in problem for problem in found)
    assert any("cards is 'carer', which is not one of the allowed values" in problem for problem in found)
