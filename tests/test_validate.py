"""The validator: every rule gives a message that names file and line and says how to fix it."""

from __future__ import annotations

from generator import pipeline
from tests.helpers import run_cli_process


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(root):
    return [str(problem) for problem in pipeline.check(root).errors]


def test_the_fixture_is_valid(mini):
    outcome = pipeline.check(mini)
    assert outcome.errors == []
    assert [p.message for p in outcome.warnings] == [
        "Working Together Interim Report cites 1 work its reference list lacks: Morris et al 2007",
    ]
    assert [theme.id for theme in outcome.guide.themes] == ["recognition", "systems"]


def test_unknown_citation_key_suggests_the_close_one(mini):
    edit(mini / "evidence/themes/recognition.yml", "cites: [miller2008]", "cites: [miller2009]")
    assert problems_of(mini) == [
        (
            "evidence/themes/recognition.yml:22: unknown citation key 'miller2009' (did you mean 'miller2008'?)\n"
            "  Keys are defined in evidence/references.bib. If the source cites a work its own reference "
            "list lacks, put it under 'unlisted:' as the source writes it."
        )
    ]


def test_unknown_field_suggests_the_field_meant(mini):
    edit(mini / "evidence/themes/recognition.yml", "summary:", "sumary:")
    found = problems_of(mini)
    assert (
        "evidence/themes/recognition.yml:1: missing required field 'summary'\n  Add 'summary:' with its value." in found
    )
    assert any(
        p.startswith("evidence/themes/recognition.yml:4: unknown field 'sumary'\n  Did you mean 'summary'?")
        for p in found
    ), found


def test_wrong_type_explains_yaml_booleans(mini):
    edit(mini / "evidence/themes/recognition.yml", "  - Respite for carers", "  - yes")
    assert problems_of(mini) == [
        (
            "evidence/themes/recognition.yml:10: what_works, item 1 should be text, not true or false\n"
            "  Write it as text; put it in quotes if it looks like a number, a date, yes/no or true/false."
        )
    ]


def test_value_outside_the_allowed_ones(mini):
    edit(mini / "evidence/themes/recognition.yml", "said_by: carer", "said_by: carers")
    assert problems_of(mini) == [
        (
            "evidence/themes/recognition.yml:18: quotes, item 1, said_by is 'carers', which is not one of the "
            "allowed values\n  Did you mean 'carer'? Allowed: 'carer', 'practitioner' (the speakers of guide.yml)."
        )
    ]


def test_checklist_link_to_a_missing_theme(mini):
    edit(mini / "checklists/carers.yml", "themes: [recognition]", "themes: [recognitoin]")
    assert problems_of(mini) == [
        (
            "checklists/carers.yml:13: item 2 links to theme 'recognitoin', which does not exist "
            "(did you mean 'recognition'?)\n  Theme ids are the file names in evidence/themes/: recognition, systems."
        )
    ]


def test_duplicate_id_across_files(mini):
    (mini / "evidence/themes/systems.yml").write_text(
        (mini / "evidence/themes/systems.yml").read_text().replace("id: systems", "id: recognition")
    )
    found = problems_of(mini)
    assert any(
        p.startswith(
            "evidence/themes/systems.yml:1: duplicate id 'recognition', already used by evidence/themes/recognition.yml"
        )
        for p in found
    ), found


def test_id_must_match_the_file_name(mini):
    edit(mini / "checklists/carers.yml", "id: carers", "id: carer")
    found = problems_of(mini)
    assert (
        "checklists/carers.yml:1: id 'carer' differs from the file name 'carers'\n"
        "  Rename the file to carer.yml or set 'id: carers': the page address comes from the id." in found
    )


def test_reference_without_author_or_year(mini):
    edit(mini / "evidence/references.bib", "  author = {Richards, N. and Coulter, A.},\n  year = {2007},\n", "")
    assert problems_of(mini) == [
        (
            "evidence/references.bib:10: entry 'richards2007' has no author and no year\n"
            "  Add 'author = {...},', 'year = {...},' as the reference list of the source gives it."
        )
    ]


def test_empty_checklist(mini):
    path = mini / "checklists/carers.yml"
    text = path.read_text()
    path.write_text(text[: text.index("items:")] + "items: []\n")
    found = problems_of(mini)
    assert (
        "checklists/carers.yml:7: items is an empty list\n"
        "  Add at least one item, each on its own line starting with '- '." in found
    )


def test_page_missing_from_the_menu(mini):
    edit(mini / "mkdocs.yml", "      - themes/systems.md\n", "")
    assert problems_of(mini) == [
        (
            "mkdocs.yml: the menu (nav) does not list 'themes/systems.md', the page of evidence/themes/systems.yml\n"
            "  Add '- themes/systems.md' under 'Themes' in the nav of mkdocs.yml, where it should appear."
        )
    ]


def test_every_problem_of_a_run_is_reported_at_once(mini):
    edit(mini / "evidence/themes/recognition.yml", "cites: [miller2008]", "cites: [nobody1999]")
    edit(mini / "checklists/carers.yml", "themes: [recognition]", "themes: [nowhere]")
    (mini / "evidence/themes/broken.yml").write_text("id: broken\ntitle: 'open\n")
    assert len(pipeline.check(mini).errors) == 3


def test_check_exits_2_with_file_and_line_and_no_traceback(mini):
    edit(mini / "evidence/themes/recognition.yml", "cites: [miller2008]", "cites: [miller2009]")
    (mini / "evidence/themes/systems.yml").write_text("id: systems\ntitle: [unclosed\n")
    result = run_cli_process(mini, "check")  # the process's own exit status and output
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "evidence/themes/recognition.yml:22: unknown citation key 'miller2009'" in result.stderr
    assert result.stderr.startswith("evidence/themes/recognition.yml:22:")
    assert "evidence/themes/systems.yml:2:" in result.stderr
    assert result.stderr.rstrip().endswith("2 errors; nothing was written.")


def test_check_exits_0_on_valid_content(mini):
    result = run_cli_process(mini, "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ok: 2 themes, 1 checklist, 2 checklist items, 3 references\n"


def _grouped_carers(mini, items: int, because: str = ""):
    """The mini carers' checklist with `items` items all at one moment, plus one at another."""
    lines = [
        "id: carers",
        "role: Carers",
        "audience: For family carers.",
        "source:",
        '  document: "002"',
        "  section: Practice implications › Carers",
        "moments:",
        "  - id: before",
        "    title: Before a meeting",
    ]
    if because:
        lines.append(f"    more_than_nine_because: {because}")
    lines += ["  - id: after", "    title: After the meeting", "items:"]
    for number in range(items):
        lines += [f"  - text: Item number {number}", "    themes: [recognition]", "    moment: before"]
    lines += ["  - text: Last item", "    themes: [systems]", "    moment: after"]
    (mini / "checklists/carers.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_crowded_moment_is_a_warning_unless_the_file_says_why(mini):
    _grouped_carers(mini, 10)
    outcome = pipeline.check(mini)
    assert outcome.errors == []
    assert (
        "checklists/carers.yml:8: warning: moment 'before' has 10 items\n  Aim for 9 or fewer: split it into two "
        "moments, or say why it needs more with 'more_than_nine_because:'."
    ) in [str(p) for p in outcome.warnings]
    _grouped_carers(mini, 10, because="The report lists these together.")
    assert not [p for p in pipeline.check(mini).warnings if "moment" in p.message]


def test_items_are_numbered_and_grouped_moment_by_moment(mini):
    _grouped_carers(mini, 2)
    text = (mini / "checklists/carers.yml").read_text(encoding="utf-8")
    # the 'after' item first in the file: still listed after the 'before' items
    text = text.replace("items:\n", "items:\n  - text: Early after item\n    themes: [systems]\n    moment: after\n")
    (mini / "checklists/carers.yml").write_text(text, encoding="utf-8")
    checklist = pipeline.check(mini).guide.checklists[0]
    assert [(moment.title, [item.text for item in moment.items]) for moment in checklist.groups] == [
        ("Before a meeting", ["Item number 0", "Item number 1"]),
        ("After the meeting", ["Early after item", "Last item"]),
    ]
    assert [item.number for item in checklist.items] == [1, 2, 3, 4]
    assert [item.text for item in checklist.items][2] == "Early after item"


def test_hints_on_a_large_guide_name_a_few_ids_and_how_many():
    from generator.validate import _listing

    assert _listing({"b", "a"}) == "a, b"
    many = {f"theme-{n:03}" for n in range(600)}
    assert _listing(many) == ", ".join(f"theme-{n:03}" for n in range(12)) + ", … (600 in all)"


def test_year_suffixes_go_on_past_z():
    from generator.model import year_suffix

    assert [year_suffix(n) for n in (0, 1, 25, 26, 27, 51, 52)] == ["a", "b", "z", "aa", "ab", "az", "ba"]
