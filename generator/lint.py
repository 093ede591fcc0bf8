"""The plain-English check: readers say jargon doesn't work, so the guide
checks its own words.

Only our own words are scored (summaries, messages, claims, "why" lines, case-study
accounts), plus checklist items for jargon and abbreviations; quotations never are, since
they are word for word. The thresholds, the jargon list with plainer words, and the
recorded exceptions are data, in evidence/lint.yml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.metadata import version

from generator.errors import Problem
from generator.load import Content, Located, line_of
from generator.session import Session

# Which fields hold our own words, per kind of file: "a.b" walks mappings, "[]" every item.
OUR_WORDS = {
    "theme": [
        "summary",
        "main_messages[]",
        "main_messages[].text",
        "situations[].text",
        "evidence[].claim",
        "other_voices[].text",
        "present_day[].text",
    ],
    "checklist": ["audience", "intro", "items[].why", "present_day[].text"],
    "case-study": ["summary", "what_they_did[]", "what_changed[]", "who_it_helps"],
    "tips": ["summary"],
    "report": ["summary", "context[]", "method[]", "follow_up", "conclusion[]"],
    "help-now": [
        "intro",
        "entries[].question",
        "entries[].answer[]",
        "entries[].comes_from",
        "entries[].contact[].what_for",
    ],
}
SOURCE_WORDS = {"checklist": ["items[].text"]}
"""Fields in the source's wording: checked for jargon and abbreviations only."""


@dataclass
class Settings:
    max_sentence_words: int = 30
    min_reading_ease: float = 30.0
    plain_words: dict | None = None
    known_abbreviations: tuple = ()
    exceptions: list | None = None


def _fields(data, path: str):
    """(container, key, text) for every value at `path` in `data`."""
    head, _, rest = path.partition(".")
    many = head.endswith("[]")
    name = head.removesuffix("[]")
    if not isinstance(data, dict) or name not in data:
        return
    value = data[name]
    if many:
        for index, item in enumerate(value if isinstance(value, list) else []):
            if rest:
                yield from _fields(item, rest)
            elif isinstance(item, str):
                yield value, index, item
    elif rest:
        yield from _fields(value, rest)
    elif isinstance(value, str):
        yield data, name, value


def sentences(text: str) -> list[str]:
    return [part for part in re.split(r"(?<=[.!?])\s+(?=[A-Z“\"'(])", " ".join(text.split())) if part]


def lint(
    content: Content,
    glossary_terms: set[str],
    settings: Settings,
    help_now: tuple[str, Located] | None = None,
    session: Session | None = None,
) -> list[Problem]:
    """Every warning of the plain-English check, file by file.

    `help_now` is the evidence folder's help-now.yml as `check` read it (generator/help_now.py reads it, not
    load()): the Help now page is all our own words.

    A file's warnings depend only on its text, the settings and the glossary, so with a
    `session` they are remembered beside the parsed file and an unchanged file is not read again.
    """
    plain = {word.lower(): better for word, better in (settings.plain_words or {}).items()}
    known = set(settings.known_abbreviations) | glossary_terms
    glossary_file = content.folders.glossary
    salt = repr((settings, sorted(known), version("textstat"), glossary_file)) if session and content.digests else ""
    files = (
        [("theme", path, data) for path, data in content.themes]
        + [("checklist", path, data) for path, data in content.checklists]
        + [("case-study", path, data) for path, data in content.case_studies]
        + [("tips", path, data) for path, data in content.tips]
        + ([("report",) + content.report] if content.report else [])
        + ([("help-now",) + help_now] if help_now else [])
    )
    problems = []
    for kind, path, data in files:

        def check(kind=kind, path=path, data=data) -> list[Problem]:
            import textstat  # half a second to import: only when a file was not checked before

            return _lint_file(kind, path, data, plain, known, settings, textstat, glossary_file)

        digest = content.digests.get(path)
        if session and digest:
            problems += session.through(session.key("lint", salt, digest), check)
        else:
            problems += check()
    return problems


def _lint_file(kind, path, data, plain, known, settings, textstat, glossary_file: str) -> list[Problem]:
    problems = []
    for fields, ours in ((OUR_WORDS.get(kind, []), True), (SOURCE_WORDS.get(kind, []), False)):
        for field_path in fields:
            for container, key, text in _fields(data, field_path):
                line = line_of(container, key)
                found = []
                if ours:
                    for sentence in sentences(text):
                        words = len(sentence.split())
                        if words > settings.max_sentence_words:
                            found.append(
                                (
                                    "long-sentence",
                                    f"a sentence of {words} words: {sentence[:60]!r}",
                                    f"Split it; aim for {settings.max_sentence_words} words or fewer.",
                                )
                            )
                    if len(text.split()) >= 12:
                        ease = textstat.flesch_reading_ease(text)
                        if ease < settings.min_reading_ease:
                            found.append(
                                (
                                    "hard-to-read",
                                    f"hard to read (reading ease {ease:.0f}): {text[:60]!r}",
                                    (
                                        "Use shorter words and sentences; aim for a reading ease of "
                                        f"{settings.min_reading_ease:.0f} or more."
                                    ),
                                )
                            )
                for word in re.findall(r"[A-Za-z][A-Za-z-]+", text):
                    if word.lower() in plain:
                        found.append(("jargon", f"{word!r} is jargon", f"Say {plain[word.lower()]!r} instead."))
                for abbreviation in sorted(set(re.findall(r"\b([A-Z]{2,6})s?\b", text))):
                    if abbreviation not in known:
                        found.append(
                            (
                                "abbreviation",
                                f"{abbreviation!r} is not in the glossary",
                                f"Add it to {glossary_file} with what it stands for, or write it out.",
                            )
                        )
                for rule, message, hint in found:
                    if not _excepted(settings.exceptions or [], path, rule, text):
                        problems.append(Problem(path, line, message, hint, "warning"))
    return problems


def _excepted(exceptions, path, rule, text) -> bool:
    return any(
        item.get("file") == path and item.get("rule") == rule and item.get("text", "") in text for item in exceptions
    )


def settings_from(data: Located | None) -> Settings:
    if not data:
        return Settings()
    return Settings(
        max_sentence_words=data.get("max_sentence_words", 30),
        min_reading_ease=float(data.get("min_reading_ease", 30)),
        plain_words=dict(data.get("plain_words", {}) or {}),
        known_abbreviations=tuple(data.get("known_abbreviations", []) or []),
        exceptions=list(data.get("exceptions", []) or []),
    )
