"""Judge the loaded content: schemas first, then the links between files.

Returns every problem at once (errors and warnings), so that a person fixes a whole
batch per run rather than one mistake at a time.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from pathlib import Path, PurePosixPath

from generator import evidence_links, schema, verbatim
from generator.errors import Problem, did_you_mean
from generator.folders import Folders
from generator.load import GUIDE_FILE, SITE_CONFIG_FILE, Content, SiteConfig, line_of
from generator.model import NO_DATE, GuideConfig, guide_config, term_anchor
from generator.names import PLACEHOLDER
from generator.session import Session

# Fields a reference needs to be found again by a reader, by BibTeX type.
REQUIRED_BIB_FIELDS = {
    "article": ("title", "journal"),
    "book": ("title", "publisher"),
    "techreport": ("title", "institution"),
    "report": ("title", "institution"),
    "incollection": ("title", "booktitle", "publisher"),
    "inproceedings": ("title", "booktitle"),
    "misc": ("title",),
}


def validate(content: Content, site: SiteConfig, session: Session | None = None) -> list[Problem]:
    """Every problem of the content; with a `session`, the schemas' compiled checks are kept in it."""
    problems = list(content.problems)
    folders = content.folders
    documents = _check_sources(content.sources, problems, session, content.digests)
    config = _check_guide(content, documents, problems, session)
    theme_ids = _check_files(content.themes, "theme", "themes", documents, problems, content, session)
    theme_ids |= {PurePosixPath(path).stem for path in content.unreadable if path.startswith(folders.themes + "/")}
    role_ids = _check_files(content.checklists, "checklist", "roles", documents, problems, content, session)
    role_ids |= {PurePosixPath(path).stem for path in content.unreadable if path.startswith(folders.checklists + "/")}
    _check_files(content.case_studies, "case-study", "case-studies", documents, problems, content, session)
    _check_files(content.tips, "tips", "tips", documents, problems, content, session)
    for path, data in content.figures:
        problems += _with_schema(data, "figures", path, session, content.digests, len(content.figures))
        _check_source(data, path, documents, problems, folders)
    for single, kind in ((content.glossary, "glossary"), (content.lint, "lint")):
        if single:
            found = _with_schema(single[1], kind, single[0], session, content.digests)
            problems += found
            if kind == "glossary" and not found:
                _check_glossary_anchors(*single, problems)
                _check_glossary_documents(*single, documents, problems)
    if content.report:
        path, data = content.report
        problems += _with_schema(data, "report", path, session, content.digests)
        _check_source(data, path, documents, problems, folders)
    elif config is not None and config.has("report") and folders.report not in content.unreadable:
        problems.append(
            Problem(
                folders.report,
                0,
                "the report file is missing, and guide.yml's sections name the report",
                f"Restore {folders.report}, or remove 'report' and 'workshops' from the sections of guide.yml.",
            )
        )
    if config is not None:
        _check_choices(content, config, problems)
        _check_workshop(content, config, problems, session)

    keys = _check_references(content, problems)
    theme_hint = f"Theme ids are the file names in {folders.themes}/: " + _listing(theme_ids) + "."
    for path, data in content.checklists:
        for index, item in enumerate(_list(data, "items")):
            _unknown_links(
                _list(item, "themes"),
                path,
                theme_ids,
                problems,
                theme_hint,
                lambda target, number=index + 1: f"item {number} links to theme {target!r}, which does not exist",
            )
        _check_moments(data, path, problems)
        if content.references or content.references_readable:
            for item in _list(data, "items") + _list(data, "present_day"):
                _check_cites(item, path, keys, problems, content.references_path)
    if content.references or content.references_readable:
        for path, data in content.themes:
            for claim in _list(data, "evidence") + _list(data, "present_day") + _list(data, "other_voices"):
                _check_cites(claim, path, keys, problems, content.references_path)
        if content.report:
            path, data = content.report
            for quote in _list(data, "policy_quotes"):
                _check_cites(quote, path, keys, problems, content.references_path)
    if content.references or content.references_readable:
        for path, data in content.case_studies:
            _check_cites(data, path, keys, problems, content.references_path)
    for path, data in content.case_studies + content.tips:
        _check_links(data, path, "themes", theme_ids, f"Theme ids are the file names in {folders.themes}/", problems)
        _check_links(data, path, "roles", role_ids, f"Role ids are the file names in {folders.checklists}/", problems)
    _check_nav(content, site, problems)
    if config is not None:
        _check_nav_sections(content, site, config, problems)
    problems += evidence_links.check(content.themes, content.checklists, content.folders.themes)
    for path, data in content.themes + content.checklists + content.case_studies + content.tips:
        _check_placeholders(data, path, problems)
    problems += verbatim.check(content)
    return problems


def _check_guide(
    content: Content, documents: set[str], problems: list[Problem], session: Session | None = None
) -> GuideConfig | None:
    """guide.yml against its schema; its configuration when valid, else None."""
    if content.guide is None:
        return None
    path, data = content.guide
    found = schema.check(data, "guide", path, session=session, digest=content.digests.get(path, ""))
    problems += found
    if found:
        return None
    style = data.get("citation_style")
    if style and content.root and not (Path(content.root) / style).is_file():
        problems.append(
            Problem(
                path,
                line_of(data, "citation_style"),
                f"citation_style {style!r} is not a file in the guide's folder",
                "Give the path of a .csl file relative to guide.yml, or leave citation_style out for the "
                "built-in style.",
            )
        )
    _check_print_templates(data, path, content.root, problems)
    main = data.get("main_source")
    if not main and "audit" in data.get("sections", {}):
        problems.append(
            Problem(
                path,
                line_of(data["sections"], "audit"),
                "the citation audit needs a main source, and guide.yml names none",
                "Add 'main_source:' with the 'id' of the document whose reference list the audit checks.",
            )
        )
    if main and documents and main["id"] not in documents:
        problems.append(
            Problem(
                path,
                line_of(main, "id"),
                f"main_source {main['id']!r} is not a document of {content.folders.sources}"
                + (f" ({suggestion})" if (suggestion := did_you_mean(main["id"], sorted(documents))) else ""),
                "Name one of: " + ", ".join(repr(d) for d in sorted(documents)) + ".",
            )
        )
    for name, key in (("perspectives", "id"), ("speakers", "id"), ("evidence_kinds", "kind")):
        seen: set[str] = set()
        for index, entry in enumerate(_list(data, name)):
            if entry[key] in seen:
                problems.append(
                    Problem(
                        path,
                        line_of(_list(data, name), index),
                        f"{name} names {entry[key]!r} twice",
                        "Keep one of the two.",
                    )
                )
            seen.add(entry[key])
    return guide_config(data, content.root, content.folders)


BUILT_IN_PRINT = Path(__file__).parent / "templates" / "print"
"""The built-in templates of the printables (render.TEMPLATES / print)."""


def print_templates(root: str, templates: str) -> list[str]:
    """The print templates a guide.yml may name: the guide's own in its templates folder's
    print/, then the built-in ones (a partial such as _base.html.j2 is not one)."""
    folders = [BUILT_IN_PRINT] + ([Path(root) / templates / "print"] if root else [])
    names = {path.name for folder in folders for path in folder.glob("*.html.j2") if path.is_file()}
    return sorted(name for name in names if not name.startswith("_"))


def _check_print_templates(data, path: str, root: str, problems: list[Problem]) -> None:
    """Each print product's `template:` names a print template that exists."""
    printing = data.get("print") or {}
    named = [
        (name, product)
        for name in ("checklists", "meeting_sheet", "workshop")
        if isinstance(product := printing.get(name), dict) and "template" in product
    ]
    if not named:
        return
    known = print_templates(root, data.get("templates", "templates"))
    for name, product in named:
        template = product["template"]
        if template in known:
            continue
        suggestion = did_you_mean(template, known)
        problems.append(
            Problem(
                path,
                line_of(product, "template"),
                f"print, {name}: template {template!r} is not a print template"
                + (f" ({suggestion})" if suggestion else ""),
                "Name one of: "
                + ", ".join(repr(known_name) for known_name in known)
                + f" (files of {data.get('templates', 'templates')}/print/ in the guide, then the built-in ones),"
                " or leave 'template' out for the built-in one.",
            )
        )


def _check_choice(value, container, key, path, allowed: list[str], what: str, where: str, problems) -> None:
    """A value that must be one of the choices guide.yml declares, with the nearest suggested."""
    if value is None and isinstance(container, dict) and key not in container:
        _name_the_choices(key, path, allowed, what, problems)
        return
    if not isinstance(value, str) or value in allowed:
        return
    suggestion = did_you_mean(value, allowed)
    # The list of allowed values answers it: not also that the value is too long or not an id.
    line = line_of(container, key)
    problems[:] = [
        problem
        for problem in problems
        if not (
            problem.path == path
            and problem.line == line
            and problem.message.startswith((f"{where} is {value!r}, which is not in the expected form", f"{where}: "))
        )
    ]
    problems.append(
        Problem(
            path,
            line_of(container, key),
            f"{where} is {value!r}, which is not one of the allowed values",
            (suggestion[0].upper() + suggestion[1:] + " " if suggestion else "")
            + "Allowed: "
            + ", ".join(repr(choice) for choice in allowed)
            + f" (the {what} of {GUIDE_FILE}).",
        )
    )


def _name_the_choices(key: str, path: str, allowed: list[str], what: str, problems: list[Problem]) -> None:
    """A missing field whose values guide.yml declares: its hint lists them."""
    missing = f"missing required field {key!r}"
    for index, problem in enumerate(problems):
        if problem.path == path and problem.message == missing and allowed:
            shown = ", ".join(repr(choice) for choice in allowed)
            problems[index] = dataclasses.replace(
                problem, hint=f"Add '{key}:' with one of: {shown} (the {what} of {GUIDE_FILE})."
            )


def _check_choices(content: Content, config: GuideConfig, problems: list[Problem]) -> None:
    """Perspectives, speakers, kinds of evidence and meeting-sheet slots, as guide.yml declares them."""
    perspectives = [perspective.id for perspective in config.perspectives]
    speakers = [speaker.id for speaker in config.speakers]
    kinds = [kind.kind for kind in config.evidence_kinds]
    slots = [slot.id for slot in config.meeting_sheet.slots] if config.meeting_sheet else []
    for path, data in content.themes:
        _check_choice(
            data.get("perspective"), data, "perspective", path, perspectives, "perspectives", "perspective", problems
        )
        for number, quote in enumerate(_list(data, "quotes"), start=1):
            if isinstance(quote, dict):
                where = f"quotes, item {number}, said_by"
                _check_choice(quote.get("said_by"), quote, "said_by", path, speakers, "speakers", where, problems)
        for number, claim in enumerate(_list(data, "evidence"), start=1):
            if isinstance(claim, dict) and "kind" in claim:
                where = f"evidence, item {number}, kind"
                _check_choice(claim.get("kind"), claim, "kind", path, kinds, "evidence_kinds", where, problems)
    for path, data in content.checklists:
        for number, item in enumerate(_list(data, "items"), start=1):
            if isinstance(item, dict) and "meeting_sheet" in item:
                _check_choice(
                    item.get("meeting_sheet"),
                    item,
                    "meeting_sheet",
                    path,
                    slots,
                    "meeting-sheet slots (print, meeting_sheet, slots)",
                    f"items, item {number}, meeting_sheet",
                    problems,
                )


def _check_workshop(
    content: Content, config: GuideConfig, problems: list[Problem], session: Session | None = None
) -> None:
    """The workshop plans: their schema, timings that add up, questions the report asks, known cards."""
    if config.workshop is None:
        return
    if not config.has("report"):
        problems.append(
            Problem(
                GUIDE_FILE,
                0,
                "the workshop kit needs the report section (its questions and how its workshops ran)",
                "Add 'report: {}' under 'sections', or remove 'workshop' from 'print'.",
            )
        )
    if content.workshop is None:
        return
    path, data = content.workshop
    found = schema.check(data, "workshop", path, session=session, digest=content.digests.get(path, ""))
    problems += found
    if found:
        return
    report = content.report[1] if content.report else {}
    workshops = report.get("workshops") if isinstance(report, dict) else None
    questions = workshops.get("questions", []) if isinstance(workshops, dict) else []
    perspectives = [perspective.id for perspective in config.perspectives]
    for plan in data["plans"]:
        total = sum(step["minutes"] for step in plan["steps"])
        if total != plan["minutes"]:
            problems.append(
                Problem(
                    path,
                    line_of(plan, "minutes"),
                    f"plan {plan['name']!r} lasts {plan['minutes']} minutes, but its steps add up to {total}",
                    "Make the steps' minutes add up to the plan's, or change the plan's minutes.",
                )
            )
        for number, step in enumerate(plan["steps"], start=1):
            for asked in step.get("questions", []):
                if asked >= len(questions):
                    problems.append(
                        Problem(
                            path,
                            line_of(step, "questions"),
                            f"step {number} of {plan['name']!r} asks question {asked}, but the report has "
                            f"{len(questions)} workshop questions",
                            f"Questions are numbered from 0 to {max(len(questions) - 1, 0)}, in the order of "
                            f"{content.folders.report} (workshops, questions).",
                        )
                    )
            where = f"plans, {plan['name']}, step {number}, cards"
            _check_choice(step.get("cards"), step, "cards", path, perspectives, "perspectives", where, problems)


MOST_ITEMS_A_MOMENT = 9
"""Checklist practice (WHO surgical safety checklist): a few items per pause point."""


def _check_glossary_anchors(path, data, problems):
    """Two terms with one anchor would share a place on the glossary page (and its links)."""
    seen: dict[str, tuple[str, int]] = {}
    for index, term in enumerate(data["terms"]):
        anchor = term_anchor(term["term"])
        line = line_of(term, "term") or line_of(data["terms"], index)
        if anchor in seen:
            first, first_line = seen[anchor]
            problems.append(
                Problem(
                    path,
                    line,
                    f"glossary term {term['term']!r} takes the anchor {anchor!r}, "
                    f"already that of {first!r} (line {first_line})",
                    "Two terms cannot share a place on the glossary page: merge them into one entry, "
                    "or word one differently (the anchor keeps only letters and digits).",
                )
            )
        else:
            seen[anchor] = (term["term"], line)


def _check_glossary_documents(path, data, documents, problems):
    """A term's `documents:` name documents of evidence/sources.yml, as every `source:` does."""
    if not documents:
        return  # sources.yml missing or unreadable: said once, there
    for term in data["terms"]:
        named = term.get("documents", [])
        for index, document in enumerate(named):
            if document not in documents:
                close = did_you_mean(document, documents)
                problems.append(
                    Problem(
                        path,
                        line_of(named, index) or line_of(term, "documents"),
                        f"glossary term {term['term']!r} names unknown source document {document!r}"
                        + (f" ({close})" if close else ""),
                        "Source documents are listed in evidence/sources.yml: "
                        + ", ".join(repr(d) for d in sorted(documents))
                        + ".",
                    )
                )


def _check_moments(data, path, problems):
    """Once a checklist names its moments, every item sits in one, and none is crowded."""
    moments = _list(data, "moments")
    if not moments or not all(isinstance(moment, dict) for moment in moments):
        return  # none, or the schema has already said what is wrong
    known = [moment.get("id") for moment in moments]
    counts = dict.fromkeys(known, 0)
    for number, item in enumerate(_list(data, "items"), start=1):
        if not isinstance(item, dict):
            continue
        moment = item.get("moment")
        if moment is None:
            problems.append(
                Problem(
                    path,
                    line_of(item, "text"),
                    f"item {number} has no 'moment'",
                    "Add 'moment:' with one of: " + ", ".join(map(str, known)) + ".",
                )
            )
        elif moment not in counts:
            suggestion = did_you_mean(str(moment), [str(each) for each in known])
            problems.append(
                Problem(
                    path,
                    line_of(item, "moment"),
                    f"item {number} names moment {moment!r}, which is not under 'moments:'"
                    + (f" ({suggestion})" if suggestion else ""),
                    "Moments of this checklist: " + ", ".join(map(str, known)) + ".",
                )
            )
        else:
            counts[moment] += 1
    for index, moment in enumerate(moments):
        count = counts.get(moment.get("id"), 0)
        if count == 0:
            problems.append(
                Problem(
                    path,
                    line_of(moments, index),
                    f"moment {moment.get('id')!r} has no items",
                    "Give it items with 'moment:', or remove it.",
                    "warning",
                )
            )
        elif count > MOST_ITEMS_A_MOMENT and not moment.get("more_than_nine_because"):
            problems.append(
                Problem(
                    path,
                    line_of(moments, index),
                    f"moment {moment.get('id')!r} has {count} items",
                    f"Aim for {MOST_ITEMS_A_MOMENT} or fewer: split it into two moments, or say why it needs more "
                    "with 'more_than_nine_because:'.",
                    "warning",
                )
            )


def _check_placeholders(container, path, problems):
    """A warning for every value still holding a starting file's placeholder text."""
    items = container.items() if isinstance(container, dict) else enumerate(container)
    for key, value in items:
        if isinstance(value, str) and value.startswith(PLACEHOLDER):
            problems.append(
                Problem(
                    path,
                    line_of(container, key),
                    f"placeholder text still here: {value[:50]!r}",
                    "Write the real content, or remove the entry.",
                    "warning",
                )
            )
        elif isinstance(value, (dict, list)):
            _check_placeholders(value, path, problems)


def _unknown_links(links, path, known, problems, hint, describe):
    """One problem per link in `links` to nothing in `known`, with the closest id suggested.

    `hint` may be a function, called only when a link is wrong: listing the ids is costly
    on a large guide and wasted on the thousands of links that are right."""
    for position, target in enumerate(links):
        if isinstance(target, str) and target not in known:
            suggestion = did_you_mean(target, known)
            problems.append(
                Problem(
                    path,
                    line_of(links, position),
                    describe(target) + (f" ({suggestion})" if suggestion else ""),
                    hint() if callable(hint) else hint,
                )
            )


def _check_links(data, path, field_name, known, where, problems):
    _unknown_links(
        _list(data, field_name),
        path,
        known,
        problems,
        lambda: f"{where}: " + _listing(known) + ".",
        lambda target: f"{field_name} lists {target!r}, which does not exist",
    )


def _listing(ids, most: int = 12) -> str:
    """The ids a person can choose from; on a large guide, the first few and how many."""
    ordered = sorted(ids)
    if len(ordered) <= most:
        return ", ".join(ordered)
    return ", ".join(ordered[:most]) + f", … ({len(ordered)} in all)"


def _list(container, key) -> list:
    value = container.get(key, []) if isinstance(container, dict) else []
    return value if isinstance(value, list) else []


def _with_schema(data, kind, path, session: Session | None, digests: dict, files: int = 1) -> list[Problem]:
    """`files`: how many files of this kind the guide has (a large guide's are checked compiled);
    `session` and `digests` (the files' session keys): what a warm run reuses (schema.check)."""
    return schema.check(data, kind, path, schema.compile_for(files), session, digests.get(path, ""))


def _check_sources(sources, problems, session: Session | None = None, digests: dict | None = None) -> set[str]:
    if sources is None:
        return set()
    path, data = sources
    problems += schema.check(data, "sources", path, session=session, digest=(digests or {}).get(path, ""))
    return {doc["id"] for doc in _list(data, "documents") if isinstance(doc, dict) and isinstance(doc.get("id"), str)}


def _check_source(data, path, documents, problems, folders: Folders):
    source = data.get("source")
    if isinstance(source, dict) and isinstance(source.get("document"), str) and documents:
        document = source["document"]
        if document not in documents:
            problems.append(
                Problem(
                    path,
                    line_of(source, "document"),
                    f"unknown source document {document!r}",
                    f"Source documents are listed in {folders.sources}: "
                    + ", ".join(repr(d) for d in sorted(documents))
                    + ".",
                )
            )


RESERVED_ID = re.compile(r"index(-[0-9]+)?")
"""Names the generator gives its own pages in each folder (a listing and its parts): a file
with one of these ids would silently replace that page."""
RESERVED_IDS_SAID = "'index', 'index-1', 'index-2' and so on (the listing page of each folder and its parts)"
SAFE_KEY = re.compile(r"[A-Za-z0-9_:.-]+")
"""BibTeX keys become anchors and link targets: letters, digits and _ : . - only."""
NAMED_FIELDS = ("title", "role")
"""Fields that name a page in menus and links: they must show at least one visible character."""


def is_visible(text: str) -> bool:
    """True when `text` shows something: not only spaces, line breaks or invisible characters."""
    return any(not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf", "Zs", "Zl", "Zp") for ch in text)


def _check_files(files, kind, folder, documents, problems, content: Content, session: Session | None) -> set[str]:
    """Schema, id = file name, ids unique across files (and across case), none reserved; returns the ids."""
    seen: dict[str, str] = {}
    folded: dict[str, str] = {}
    for path, data in files:
        problems += _with_schema(data, kind, path, session, content.digests, len(files))
        _check_source(data, path, documents, problems, content.folders)
        for item in _list(data, "items") if kind == "checklist" else []:
            if isinstance(item, dict):
                _check_source(item, path, documents, problems, content.folders)  # an item's own source
        file_id = data.get("id")
        if not isinstance(file_id, str):
            continue
        stem = PurePosixPath(path).stem
        for name in NAMED_FIELDS:
            value = data.get(name)
            if isinstance(value, str) and not is_visible(value):
                problems.append(
                    Problem(
                        path,
                        line_of(data, name),
                        f"the {name} {value!r} shows nothing: it is only spaces or invisible characters",
                        f"Write the {name} in words; it names the page in the menu and in links.",
                    )
                )
        if RESERVED_ID.fullmatch(file_id.strip()):
            problems.append(
                Problem(
                    path,
                    line_of(data, "id"),
                    f"id {file_id!r} is reserved: the generator writes docs/{folder}/{file_id.strip()}.md itself",
                    f"Choose another id. Reserved in every folder: {RESERVED_IDS_SAID}.",
                )
            )
        if file_id.casefold() in folded and file_id not in seen:
            problems.append(
                Problem(
                    path,
                    line_of(data, "id"),
                    f"id {file_id!r} differs only in case from {folded[file_id.casefold()]!r}",
                    "Page addresses do not tell case apart on every system; give the two different names.",
                )
            )
        folded.setdefault(file_id.casefold(), file_id)
        if file_id in seen:
            problems.append(
                Problem(
                    path,
                    line_of(data, "id"),
                    f"duplicate id {file_id!r}, already used by {seen[file_id]}",
                    "Give each file its own id (and name the file after it).",
                )
            )
        elif file_id != stem:
            problems.append(
                Problem(
                    path,
                    line_of(data, "id"),
                    f"id {file_id!r} differs from the file name {stem!r}",
                    f"Rename the file to {file_id}.yml or set 'id: {stem}': the page address comes from the id.",
                )
            )
        seen.setdefault(file_id, path)
    return set(seen)


def _check_references(content: Content, problems) -> set[str]:
    keys = set()
    folded: dict[str, str] = {}
    for entry in content.references:
        keys.add(entry.key)
        if not SAFE_KEY.fullmatch(entry.key):
            problems.append(
                Problem(
                    content.references_path,
                    entry.line,
                    f"BibTeX key {entry.key!r} has characters a key cannot have here",
                    "Use letters, digits and _ : . - only, e.g. 'miller2008'; the key becomes the entry's address.",
                )
            )
        elif entry.key.casefold() in folded and folded[entry.key.casefold()] != entry.key:
            problems.append(
                Problem(
                    content.references_path,
                    entry.line,
                    f"BibTeX key {entry.key!r} differs only in case from {folded[entry.key.casefold()]!r}",
                    "Both would have the same address on the references page; rename one.",
                )
            )
        folded.setdefault(entry.key.casefold(), entry.key)
        missing = []
        if not (entry.fields.get("author") or entry.fields.get("editor")):
            missing.append("author")
        if not entry.fields.get("year"):
            missing.append("year")
        missing += [
            name for name in REQUIRED_BIB_FIELDS.get(entry.entry_type, ("title",)) if not entry.fields.get(name)
        ]
        if missing:
            problems.append(
                Problem(
                    content.references_path,
                    entry.line,
                    f"entry {entry.key!r} has no " + " and no ".join(missing),
                    "Add "
                    + ", ".join(f"'{name} = {{...}},'" for name in missing)
                    + " as the reference list of the source gives it.",
                )
            )
        elif not (entry.fields["year"].strip().isdigit() or entry.fields["year"].strip() == NO_DATE):
            problems.append(
                Problem(
                    content.references_path,
                    entry.line,
                    f"entry {entry.key!r} has year {entry.fields['year']!r}",
                    "Write the year as four digits, e.g. year = {2008}, or year = {n.d.} when the work gives none.",
                )
            )
    return keys


def _check_cites(holder, path, keys, problems, references_file: str):
    hint = (
        f"Keys are defined in {references_file}. If the source cites a work its own reference "
        "list lacks, put it under 'unlisted:' as the source writes it."
    )
    for links in [_list(holder, "cites")] + [_list(entry, "could_be") for entry in _list(holder, "ambiguous")]:
        _unknown_links(links, path, keys, problems, hint, lambda key: f"unknown citation key {key!r}")


_PAGES_OF_SECTIONS = {
    # page: (what makes it, the fix)
    # (a fix is a str.format template: its braces are doubled)
    "report/index.md": ("report", "name `report: {{}}` under `sections:` in guide.yml"),
    "report/workshops.md": ("workshops", "name `workshops: {{}}` under `sections:` in guide.yml"),
    "references/audit.md": ("audit", "name `audit: {{}}` under `sections:` in guide.yml"),
    "case-studies/index.md": ("case_studies", "add a case study under {case_studies}/"),
    "tips/index.md": ("tips", "add a file of tips under {tips}/"),
    "figures/index.md": ("figures", "add a file of figures under {figures}/"),
    "glossary/index.md": ("glossary", "add {glossary}"),
}


def _in_folders(text: str, folders: Folders) -> str:
    """A fix of _PAGES_OF_SECTIONS with the guide's own folders in it."""
    return text.format(
        case_studies=folders.case_studies, tips=folders.tips, figures=folders.figures, glossary=folders.glossary
    )


def _check_nav_sections(content: Content, site: SiteConfig, config: GuideConfig, problems: list[Problem]) -> None:
    """A menu entry for a section this guide does not make fails the build: say so here, with the fix."""
    made = {
        "report": config.has("report"),
        "workshops": config.has("workshops"),
        "audit": config.has("audit"),
        "case_studies": bool(content.case_studies),
        "tips": bool(content.tips),
        "figures": bool(content.figures),
        "glossary": content.glossary is not None,
    }
    # A section made from its own files, its page missing from the menu: built, linked from nowhere.
    made_from = {
        "case_studies": content.case_studies[0][0] if content.case_studies else "",
        "tips": content.tips[0][0] if content.tips else "",
        "figures": content.figures[0][0] if content.figures else "",
        "glossary": content.glossary[0] if content.glossary else "",
    }
    for page, (section, _) in _PAGES_OF_SECTIONS.items():
        path = made_from.get(section, "")
        if path and site.nav_pages and page not in site.nav_pages:
            folder = path if section == "glossary" else str(PurePosixPath(path).parent) + "/"
            problems.append(
                Problem(
                    SITE_CONFIG_FILE,
                    0,
                    f"the menu (nav) does not list {page!r}, the page of {folder}",
                    f"Add '- {config.section(section).heading}: {page}' to the nav of mkdocs.yml, where it should"
                    " appear; until then no menu or page links to it.",
                    severity="warning",
                )
            )
    for page in site.nav_pages:
        section, fix = _PAGES_OF_SECTIONS.get(page, ("", ""))
        if section and not made[section]:
            problems.append(
                Problem(
                    SITE_CONFIG_FILE,
                    site.nav_lines.get(page, 0),
                    f"the menu (nav) lists {page!r}, but this guide has no {section.replace('_', ' ')} section",
                    f"Remove the line from the nav of mkdocs.yml, or {_in_folders(fix, content.folders)}.",
                )
            )


def _check_nav(content: Content, site: SiteConfig, problems):
    """Every theme and role page in the menu, and no menu entry without content."""
    if not site.nav_pages and not site.site_name:
        return
    expected = {f"themes/{data.get('id')}.md": path for path, data in content.themes if isinstance(data.get("id"), str)}
    expected |= {
        f"roles/{data.get('id')}.md": path for path, data in content.checklists if isinstance(data.get("id"), str)
    }
    for path in content.unreadable:
        themes, checklists = content.folders.themes + "/", content.folders.checklists + "/"
        if not path.startswith((themes, checklists)):
            continue
        folder = "themes" if path.startswith(themes) else "roles"
        expected[f"{folder}/{PurePosixPath(path).stem}.md"] = path
    listed = set(site.nav_pages)
    for page, path in sorted(expected.items()):
        if page not in listed and path not in content.unreadable:
            section = "Themes" if page.startswith("themes/") else "Checklists by role"
            problems.append(
                Problem(
                    SITE_CONFIG_FILE,
                    0,
                    f"the menu (nav) does not list {page!r}, the page of {path}",
                    f"Add '- {page}' under '{section}' in the nav of mkdocs.yml, where it should appear.",
                )
            )
    for page in site.nav_pages:
        if page.startswith(("themes/", "roles/")) and not page.endswith("index.md") and page not in expected:
            problems.append(
                Problem(
                    SITE_CONFIG_FILE,
                    site.nav_lines.get(page, 0),
                    f"the menu (nav) lists {page!r}, but no content file makes that page",
                    "Remove the line, or add the theme or checklist file it should come from.",
                )
            )
