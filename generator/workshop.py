"""The trainer's workshop kit: session plans in the guide editors' words, read from the YAML
file guide.yml names (print, workshop, plans; schema workshop.schema.json).

A step may pose some of the main source's workshop questions (by position in
evidence/report.yml) and put one perspective's theme cards on the tables.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    minutes: int
    what: str
    notes: str
    questions: tuple[int, ...] = ()
    """The report's workshop questions this step asks, by position (0 = the first)."""
    cards: str = ""
    """Which theme cards are on the tables: a perspective id of guide.yml, or ''."""
    is_break: bool = False


@dataclass(frozen=True)
class Plan:
    name: str
    """The printable's file name under print/."""
    title: str
    minutes: int
    """How long the session is: the steps' minutes add up to this."""
    lead: str
    steps: tuple[Step, ...]

    @property
    def break_minutes(self) -> int:
        return sum(step.minutes for step in self.steps if step.is_break)

    def starts(self) -> list[str]:
        """Each step's start, from the beginning of the session: '0:00', '0:10', …"""
        begun, out = 0, []
        for step in self.steps:
            out.append(f"{begun // 60}:{begun % 60:02d}")
            begun += step.minutes
        return out


def duration(minutes: int) -> str:
    """'2 hours', '2 hours 30 minutes', '45 minutes'."""
    hours, rest = divmod(minutes, 60)
    parts = ([f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []) + ([f"{rest} minutes"] if rest else [])
    return " ".join(parts)


@dataclass(frozen=True)
class Workshop:
    """The kit's words: what a session is about, how to run one, and its plans."""

    path: str
    topic: str
    ours: str
    grouping: str
    ground_rules: tuple[str, ...]
    confidentiality: str
    materials: tuple[str, ...]
    card_prompts: tuple[str, ...]
    plans: tuple[Plan, ...]


def workshop(path: str, data) -> Workshop:
    """The kit from its validated YAML file."""
    return Workshop(
        path,
        data["topic"],
        data["ours"],
        data["grouping"],
        tuple(data["ground_rules"]),
        data["confidentiality"],
        tuple(data["materials"]),
        tuple(data["card_prompts"]),
        tuple(
            Plan(
                plan["name"],
                plan["title"],
                plan["minutes"],
                plan["lead"],
                tuple(
                    Step(
                        step["minutes"],
                        step["what"],
                        step["notes"],
                        tuple(step.get("questions", [])),
                        step.get("cards", ""),
                        bool(step.get("break", False)),
                    )
                    for step in plan["steps"]
                ),
            )
            for plan in data["plans"]
        ),
    )
