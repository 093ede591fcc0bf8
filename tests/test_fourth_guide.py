"""What a fourth guide written as a new user ran into (issue 16: 'Councils and carers'
organisations: building trust', from source 000, started with `init`): a menu entry for an
absent section crashed `check` with an internal error; the tips in a source had no starting
file and no way to say "no things not to do"; `check` did not count the case studies; a
command typed in a folder of the guide (evidence/themes/) did not find the guide."""

from __future__ import annotations

from tests.helpers import ROOT, edit_once, run_main, started_guide


def test_a_menu_entry_for_a_section_the_guide_does_not_name_is_a_message_not_a_crash(tmp_path):
    guide = started_guide(tmp_path)
    edit_once(guide / "guide.yml", "  audit: {}\n", "")
    line = next(
        number
        for number, text in enumerate((guide / "mkdocs.yml").read_text(encoding="utf-8").splitlines(), 1)
        if text.strip() == "- references/audit.md"
    )
    checked = run_main("--root", str(guide), "check", cwd=ROOT)
    assert checked.returncode == 2
    assert "internal error" not in checked.stderr
    assert checked.stderr.startswith(
        f"mkdocs.yml:{line}: the menu (nav) lists 'references/audit.md', but this guide has no audit section\n"
        "  Remove the line from the nav of mkdocs.yml, or name `audit: {}` under `sections:` in guide.yml."
    ), checked.stderr


def test_new_tips_starts_a_file_that_checks_and_makes_a_page_without_an_empty_column(tmp_path):
    guide = started_guide(tmp_path)
    made = run_main("--root", str(guide), "new", "tips", "coming-home", cwd=ROOT)
    assert made.returncode == 0, made.stderr
    tips = guide / "evidence" / "tips" / "coming-home.yml"
    assert made.stdout.startswith("wrote evidence/tips/coming-home.yml\n")
    checked = run_main("--root", str(guide), "check", cwd=ROOT)
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr.count("evidence/tips/coming-home.yml:") == 5, checked.stderr
    assert "placeholder text still here" in checked.stderr
    again = run_main("--root", str(guide), "new", "tips", "coming-home", cwd=ROOT)
    assert again.returncode == 2 and "already exists" in again.stderr

    tips.write_text(
        "id: coming-home\ntitle: Tips for coming home\nsummary: What helps on the first day.\n"
        "source: {document: listening-event, section: Tips for family carers}\n"
        "do:\n  - Ask the ward for a named contact\n",
        encoding="utf-8",
    )
    edit_once(
        guide / "mkdocs.yml",
        "  - Printables: print/index.md\n",
        "  - Tips: tips/index.md\n  - Printables: print/index.md\n",
    )
    generated = run_main("--root", str(guide), "generate", cwd=ROOT)
    assert generated.returncode == 0, generated.stderr
    page = (guide / "docs" / "tips" / "coming-home.md").read_text(encoding="utf-8")
    assert "- Ask the ward for a named contact" in page
    assert "## Don't" not in page and "wt-doesnt" not in page


def test_check_counts_the_case_studies_a_guide_has(tmp_path):
    guide = started_guide(tmp_path)
    made = run_main("--root", str(guide), "new", "case-study", "leeds", cwd=ROOT)
    assert made.returncode == 0, made.stderr
    checked = run_main("--root", str(guide), "check", cwd=ROOT)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("ok: 2 themes, 1 checklist, 3 checklist items, 1 case study, 3 references")
    (tmp_path / "other").mkdir()
    plain = run_main("--root", str(started_guide(tmp_path / "other")), "check", cwd=ROOT)
    assert plain.stdout.startswith("ok: 2 themes, 1 checklist, 3 checklist items, 3 references")


def test_a_command_typed_inside_the_guide_finds_it_and_one_typed_elsewhere_says_so(tmp_path):
    (tmp_path / "work").mkdir()
    guide = started_guide(tmp_path / "work")
    inside = run_main("check", cwd=guide / "evidence" / "themes")
    assert inside.returncode == 0, inside.stderr
    assert inside.stdout.startswith("ok: 2 themes, 1 checklist")
    (tmp_path / "empty").mkdir()
    elsewhere = run_main("generate", cwd=tmp_path / "empty")
    assert elsewhere.returncode == 2
    assert elsewhere.stderr.startswith(f"{tmp_path / 'empty'}: there is no guide here: neither this folder nor any")
    assert elsewhere.stderr.count("\n") == 2, "one message and its hint, not a missing-file message a file"
    assert "init PATH" in elsewhere.stderr
    assert list((tmp_path / "empty").iterdir()) == []


def test_the_printables_page_describes_a_guides_meeting_sheet_in_its_own_words(tmp_path):
    """The page said what Working Together's sheet holds ('who you met, … the questions worth
    asking') under any guide's sheet: it now gives the description of guide.yml."""
    from datetime import date
    from types import SimpleNamespace

    from generator import pipeline
    from generator.history import History
    from generator.render import render_print_index

    guide = started_guide(tmp_path)
    with (guide / "guide.yml").open("a", encoding="utf-8") as config:
        config.write(
            "print:\n  meeting_sheet:\n    title: Partnership meeting sheet\n"
            "    description: Room to note who came and what was agreed.\n    for: for managers\n"
            "    slots:\n      - {id: agreed, heading: What we agreed, kind: lines, rows: 3}\n"
        )
    checked = pipeline.check(guide)
    assert checked.errors == [], checked.errors
    listing = [(SimpleNamespace(name="meeting-sheet", title="Partnership meeting sheet"), 11_000, 1)]
    page = render_print_index(checked.guide, listing, History(date(2026, 12, 1)))["print/index.md"]
    said = "- **Partnership meeting sheet**: Room to note who came and what was agreed. [PDF](meeting-sheet.pdf)"
    assert said in page
    assert "who you met" not in page and "questions worth asking" not in page


def test_a_checklist_item_may_name_a_source_of_its_own(tmp_path):
    """A role checklist gathered from two documents: each item still traces to its own."""
    guide = started_guide(tmp_path)
    with (guide / "evidence" / "sources.yml").open("a", encoding="utf-8") as sources:
        sources.write(
            "  - id: tips-leaflet\n    file: tips-leaflet.txt\n    title: Coming home tips\n"
            "    publisher: Example carers' centre\n    year: 2020\n    kind: leaflet\n"
        )
    checklist = guide / "checklists" / "carers.yml"
    edit_once(
        checklist,
        "    themes: [planning-ahead]\n",
        "    themes: [planning-ahead]\n    source: {document: tips-leafet, section: Before the day}\n",
    )
    wrong = run_main("--root", str(guide), "check", cwd=ROOT)
    assert wrong.returncode == 2
    line = (
        checklist.read_text(encoding="utf-8")
        .splitlines()
        .index("    source: {document: tips-leafet, section: Before the day}")
    )
    assert f"checklists/carers.yml:{line + 1}: unknown source document 'tips-leafet'" in wrong.stderr

    edit_once(checklist, "tips-leafet", "tips-leaflet")
    generated = run_main("--root", str(guide), "generate", cwd=ROOT)
    assert generated.returncode == 0, generated.stderr
    page = (guide / "docs" / "roles" / "carers.md").read_text(encoding="utf-8")
    assert page.count("· From: Coming home tips (2020), Before the day") == 1
    assert "From *Notes from a listening event* (2024) and *Coming home tips* (2020)." in page
    assert page.splitlines()[page.splitlines().index("# Family carers: checklist") + 2].startswith(
        "Sources: 2020, 2024"
    ), "the page's dates name the item's source too"


def test_the_glossary_page_is_dated_by_the_documents_its_terms_come_from(tmp_path):
    """It said 'Sources: not dated' although every term names a dated document."""
    guide = started_guide(tmp_path)
    (guide / "evidence" / "glossary.yml").write_text(
        "terms:\n  - term: GP\n    abbreviation_of: general practitioner\n"
        "    meaning: A family doctor.\n    documents: [listening-event]\n",
        encoding="utf-8",
    )
    edit_once(guide / "mkdocs.yml", "  # - Glossary: glossary/index.md", "  - Glossary: glossary/index.md")
    generated = run_main("--root", str(guide), "generate", cwd=ROOT)
    assert generated.returncode == 0, generated.stderr
    page = (guide / "docs" / "glossary" / "index.md").read_text(encoding="utf-8")
    assert "Sources: 2024 · Content last changed:" in page
    assert "not dated" not in page


def test_a_guide_in_us_english_writes_dates_as_its_readers_do(tmp_path):
    guide = started_guide(tmp_path)
    edit_once(guide / "guide.yml", "language: en-GB", "language: en-US")
    epoch = {"SOURCE_DATE_EPOCH": "1780000000"}  # 28 May 2026
    generated = run_main("--root", str(guide), "generate", cwd=ROOT, env=epoch)
    assert generated.returncode == 0, generated.stderr
    theme = (guide / "docs" / "themes" / "planning-ahead.md").read_text(encoding="utf-8")
    assert "Content last changed: May 28, 2026" in theme
    edit_once(guide / "guide.yml", "language: en-US", "language: en-GB")
    generated = run_main("--root", str(guide), "generate", cwd=ROOT, env=epoch)
    theme = (guide / "docs" / "themes" / "planning-ahead.md").read_text(encoding="utf-8")
    assert "Content last changed: 28 May 2026" in theme


def test_a_runtime_mistake_in_the_guides_own_404_page_is_named_before_anything_is_built(tmp_path):
    from generator.render import TEMPLATES

    guide = started_guide(tmp_path)
    (guide / "templates").mkdir()
    page = (TEMPLATES / "404.html.j2").read_text(encoding="utf-8")
    assert "{{ site_name }}</title>" in page
    (guide / "templates" / "404.html.j2").write_text(
        page.replace("{{ site_name }}</title>", "{{ site_name.missing.attr }}</title>", 1), encoding="utf-8"
    )
    line = 1 + page[: page.index("{{ site_name }}</title>")].count("\n")
    built = run_main("--root", str(guide), "build", cwd=ROOT)
    assert built.returncode == 2
    assert "internal error" not in built.stderr
    assert built.stderr.startswith(f"templates/404.html.j2:{line}: the template failed: "), built.stderr
    assert not (guide / "site").exists()
    assert not [path.name for path in guide.iterdir() if path.name.startswith(".site")], "no half-made site"
