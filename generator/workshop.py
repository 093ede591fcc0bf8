"""The trainer's session plans: the guide editors' own suggestions, not the report's.

The report gives its six workshop questions and says who came and what people did two
months later; it gives no timings, no break and no notes for whoever runs a session. These
plans supply them, in the editors' words, and the printouts say so. A step may pose some of
the report's questions (by position in evidence/report.yml) and put one kind of theme card on
the tables: the carers' themes or the practitioners' and voluntary sector's.
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
    """Which theme cards are on the tables: 'carers', 'practitioners' or ''."""
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


GROUPING = (
    "Seat people in small groups of four to six, each with both carers and practitioners (and a "
    "voluntary sector worker where there are some), so that people hear the other side. Keep the "
    "same groups all session. Do not seat a carer with a practitioner who works with their family; "
    "ask about this when people book. If carers far outnumber practitioners, give each group at "
    "least one practitioner rather than leaving a group of carers alone."
)
GROUND_RULES = (
    "Talk about situations you have lived or worked in, not opinions about people.",
    "One person speaks at a time; everyone gets a turn, and anyone may pass.",
    "Do not name the person you care for, or people you work with; say 'my son' or 'a colleague'.",
    "What is said in the room stays in the room: take away what you learned, not who said it.",
    (
        "If something said suggests that someone is at risk of harm, the facilitator will follow the "
        "safeguarding procedure of their organisation, and will say so first."
    ),
)
CONFIDENTIALITY = (
    "Before the start, say what will be written down (flip charts, action plans), who will see it, "
    "and that notes are kept without names. Action plans belong to the people who write them."
)
MATERIALS = (
    "one set of theme cards per group (print the theme cards)",
    "a personal action plan and a two-month follow-up form for everyone",
    "flip chart paper, marker pens and sticky notes for each group",
    "first-name badges, and the ground rules written up where everyone can see them",
    "the report's six questions written up, one sheet each, to put up as you reach them",
)

WELCOME = (
    "Welcome; why working together matters; ground rules and confidentiality",
    (
        "Agree the ground rules on this sheet and put them up. Explain confidentiality and safeguarding "
        "before anyone shares a story. Introductions in the groups: first names and one word about why "
        "each person came."
    ),
)

PLANS = (
    Plan(
        name="workshop-two-hour-plan",
        title="Two-hour session plan",
        minutes=120,
        lead=(
            "A two-hour session for carers, practitioners and voluntary sector workers together, built on "
            "the report's six questions: people share real situations, look at what works and what doesn't, "
            "and each leaves with one action."
        ),
        steps=(
            Step(10, *WELCOME),
            Step(
                15,
                "In pairs, a carer with a practitioner",
                "Each person answers both questions for two or three minutes while the other listens, then they "
                "swap. Ask pairs to note one thing that surprised them.",
                questions=(0, 1),
            ),
            Step(
                25,
                "Groups: what is working, with the carers' theme cards",
                "Give each group one carers' theme card. Groups read it, then add what they have seen work and not "
                "work. One person writes on the flip chart. In the last five minutes each group gives one point "
                "to the room.",
                questions=(2,),
                cards="carers",
            ),
            Step(
                10,
                "Break",
                "Put up the next question and swap the cards on the tables during the break.",
                is_break=True,
            ),
            Step(
                20,
                "Groups: what helps working together, with the practitioners' theme cards",
                "The practitioners' and voluntary sector's cards show the pressures on staff. Ask carers in each "
                "group to say what they make of them, and practitioners what would help them work better with "
                "carers.",
                questions=(3,),
                cards="practitioners",
            ),
            Step(
                15,
                "Actions: what we can do, and what we ask of services",
                "Each group lists actions on sticky notes: blue for what people in the room can do, yellow for "
                "what they would like adult social care to do. Gather the yellow notes to pass on.",
                questions=(4, 5),
            ),
            Step(
                15,
                "Personal action plans",
                "Everyone writes one action they will take on their action plan, with who can help and by when. "
                "Those who wish to share theirs with the group.",
            ),
            Step(
                10,
                "Close: what happens next",
                "Hand out the follow-up form and agree a date, two months on, to fill it in (and how, if you will "
                "collect them). Thank people; say where the notes will go.",
            ),
        ),
    ),
    Plan(
        name="workshop-session-plan",
        title="Half-day session plan",
        minutes=150,
        lead=(
            "A half-day session in the way the report's authors ran theirs: carers, practitioners and voluntary "
            "sector workers together, taking each of the report's six questions in turn, and each leaving with "
            "an action."
        ),
        steps=(
            Step(10, *WELCOME),
            Step(
                10,
                "In pairs, a carer with a practitioner",
                "Each person tells their situation while the other listens, then they swap.",
                questions=(0,),
            ),
            Step(
                15,
                "Groups: who we link in with",
                "Each group draws the people and services around one situation from the pairs, and marks the "
                "links that work and the ones that do not.",
                questions=(1,),
            ),
            Step(
                30,
                "Groups: what is working, with the carers' theme cards",
                "Give each group one or two carers' theme cards. Groups add what they have seen work and not work, "
                "then give two points each to the room.",
                questions=(2,),
                cards="carers",
            ),
            Step(15, "Break", "Swap the cards on the tables during the break.", is_break=True),
            Step(
                25,
                "Groups: what helps working together, with the practitioners' theme cards",
                "Carers say what they make of the pressures on staff; practitioners say what would help them work "
                "better with carers.",
                questions=(3,),
                cards="practitioners",
            ),
            Step(
                20,
                "Actions we can take",
                "Each group lists actions people in the room can take, on sticky notes, and groups them.",
                questions=(4,),
            ),
            Step(
                15,
                "What we ask of adult social care",
                "Each group agrees its top three requests to pass on; say who they will go to.",
                questions=(5,),
            ),
            Step(
                10,
                "Personal action plans and close",
                "Everyone writes one action on their action plan. Hand out the follow-up form and agree a date, "
                "two months on, to fill it in.",
            ),
        ),
    ),
)
