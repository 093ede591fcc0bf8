"""Write the guide's content scaled N times into a folder, for the benchmarks (issue 7).

Copy 0 is the real content, byte for byte. Copies 1 … N-1 repeat the themes, checklists,
case studies and BibTeX references under new ids (`<id>-copy-<k>`, the file name too), and
every link points inside its own copy: checklist item -> theme, case study -> theme and
role, evidence claim -> BibTeX key (and `cited_as:`). Each copied work gets its own first
author (`Atkinson-Kb`), so that labels stay distinct and the citation audit sees N
different works rather than one work N times. The nav of mkdocs.yml lists the new theme
and checklist pages after the real ones, in the real order, in sections of ten copies.

Everything a guide has once (report, tips, figures, glossary, sources, lint settings and
the hand-written pages of docs/) is copied once. The copies drop `meeting_sheet:` so that
the carer's meeting sheet stays the one sheet it is. The output depends only on the input
and N: same content, same bytes.

    python benchmarks/make_corpus.py --scale 10 /tmp/corpus-10
    python -m generator --root /tmp/corpus-10 check
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path

import bibtexparser
import yaml

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script from anywhere: the generator is not installed
    sys.path.insert(0, str(REPO))

from generator import verbatim
from generator.folders import DEFAULT_FOLDERS
from generator.load import SITE_CONFIG_FILE, split_names
from generator.write import GENERATED_FOLDERS

CONTENT_FOLDERS = ("evidence", "checklists")
"""Copied whole (copy 0); the scaled folders below then gain copies 1 … N-1."""
HOOK_PACKAGE = "generator"
"""Linked into the corpus, as tests/helpers.py does, so MkDocs imports this checkout's plugin."""
SCHEMA_COMMENT = "# yaml-language-server:"
YAML_WIDTH = 100
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml when PyYAML has it: the 100x corpus is some 3,000 files."""
_FIRST_NAME = re.compile(r"[^\W\d_]+")
_NAV_PAGE = re.compile(
    r"^(?P<lead>\s*-\s+(?:(?P<title>[^:\n]+):\s+)?)"
    r"(?P<folder>themes|roles)/(?P<id>[a-z0-9-]+)\.md\s*$"
)


@dataclass(frozen=True)
class Copy:
    """One copy of the content: how its ids, keys, titles and authors are renamed."""

    number: int

    def id(self, original: str) -> str:
        """A theme, role, case-study id or BibTeX key in this copy (unchanged in copy 0)."""
        return f"{original}-copy-{self.number}" if self.number else original

    def title(self, original: str) -> str:
        return f"{original} (copy {self.number})" if self.number else original

    @property
    def surname_tag(self) -> str:
        """Letters only ('Kb', 'Kc' …): the audit strips digits from names, so a digit
        would make every copy's work look like the same author."""
        letters, number = "", self.number
        while True:
            number, digit = divmod(number, 26)
            letters = "abcdefghijklmnopqrstuvwxyz"[digit] + letters
            if not number:
                break
        return "K" + letters

    def author(self, names: str) -> str:
        """The BibTeX name list with the first author's family name made this copy's own."""
        people = split_names(names)
        first = people[0]
        if first.startswith("{") and first.endswith("}"):
            first = f"{first[:-1]} {self.surname_tag}}}"
        elif "," in first:
            family, given = first.split(",", 1)
            first = f"{family}-{self.surname_tag},{given}"
        else:
            first = f"{first}-{self.surname_tag}"
        return " and ".join([first] + people[1:])

    def written_citation(self, text: str) -> str:
        """An unlisted citation as written ('Morris et al 2007', 'Abbott, 1997'), with this copy's author."""
        return _FIRST_NAME.sub(lambda match: f"{match.group()}-{self.surname_tag}", text, count=1)


def scale_theme(data: dict, copy: Copy) -> dict:
    data.update(id=copy.id(data["id"]), title=copy.title(data["title"]))
    for claim in data.get("evidence", []):
        if "cites" in claim:
            claim["cites"] = [copy.id(key) for key in claim["cites"]]
        if "cited_as" in claim:
            claim["cited_as"] = {copy.id(key): written for key, written in claim["cited_as"].items()}
        if "unlisted" in claim:
            claim["unlisted"] = [copy.written_citation(text) for text in claim["unlisted"]]
        for entry in claim.get("ambiguous", []):
            entry["could_be"] = [copy.id(key) for key in entry["could_be"]]
            entry["written"] = copy.written_citation(entry["written"])
    for point in data.get("evidence", []) + data.get("quotes", []) + data.get("main_messages", []):
        if isinstance(point, dict) and "id" in point:  # evidence ids are unique across the guide
            point["id"] = copy.id(point["id"])
    return data


def scale_checklist(data: dict, copy: Copy) -> dict:
    data.update(id=copy.id(data["id"]), role=copy.title(data["role"]))
    for item in data["items"]:
        item["themes"] = [copy.id(theme) for theme in item["themes"]]
        if "cites" in item:
            item["cites"] = [copy.id(key) for key in item["cites"]]
        if "evidence" in item:
            item["evidence"] = [copy.id(point) for point in item["evidence"]]
        item.pop("meeting_sheet", None)
    return data


def scale_case_study(data: dict, copy: Copy) -> dict:
    data.update(
        id=copy.id(data["id"]),
        title=copy.title(data["title"]),
        themes=[copy.id(theme) for theme in data["themes"]],
        roles=[copy.id(role) for role in data["roles"]],
    )
    return data


SCALED_FOLDERS = (
    (DEFAULT_FOLDERS.themes, scale_theme),
    (DEFAULT_FOLDERS.checklists, scale_checklist),
    (DEFAULT_FOLDERS.case_studies, scale_case_study),
)


def copy_project(source: Path, target: Path) -> None:
    """Copy 0: the content, mkdocs.yml and the hand-written pages of docs/, as they are.

    Generated folders of docs/ are left out, so that every run writes them afresh.
    """
    for folder in CONTENT_FOLDERS:
        shutil.copytree(source / folder, target / folder)
    shutil.copytree(
        source / "docs",
        target / "docs",
        ignore=lambda folder, names: [
            name for name in names if Path(folder) == source / "docs" and name in GENERATED_FOLDERS
        ],
    )
    shutil.copyfile(source / SITE_CONFIG_FILE, target / SITE_CONFIG_FILE)
    shutil.copyfile(source / "guide.yml", target / "guide.yml")
    if (source / "templates").is_dir():
        shutil.copytree(source / "templates", target / "templates")
    (target / HOOK_PACKAGE).symlink_to(REPO / HOOK_PACKAGE, target_is_directory=True)
    verbatim.link_texts(source, target)


def dump_yaml(data: dict, first_line: str) -> str:
    """The copy as YAML, keeping the editor's schema line of the original."""
    text = yaml.dump(data, Dumper=_YAML_DUMPER, sort_keys=False, allow_unicode=True, width=YAML_WIDTH)
    return (first_line + "\n" + text) if first_line.startswith(SCHEMA_COMMENT) else text


def scale_files(source: Path, target: Path, copies: list[Copy]) -> None:
    """Copies 1 … N-1 of every theme, checklist and case-study file."""
    for folder, scale in SCALED_FOLDERS:
        for path in sorted((source / folder).glob("*.yml")):
            text = path.read_text(encoding="utf-8")
            first_line = text.split("\n", 1)[0]
            original = yaml.load(text, Loader=_YAML_LOADER)
            for copy in copies:
                data = scale(deepcopy(original), copy)
                (target / folder / f"{data['id']}.yml").write_text(dump_yaml(data, first_line), encoding="utf-8")


def scale_references(source: Path, target: Path, copies: list[Copy]) -> None:
    """The reference list followed by its copies, each entry with its key and first author renamed."""
    text = (source / DEFAULT_FOLDERS.references).read_text(encoding="utf-8")
    entries = bibtexparser.parse_string(text).entries
    parts = [text.rstrip("\n")]
    for copy in copies:
        for entry in entries:
            key = f"{copy.id(entry.key)},"  # bound now: the replacement must not read a later loop's values
            raw = re.sub(
                r"^(@\w+\{)" + re.escape(entry.key) + ",",
                lambda m, key=key: m.group(1) + key,
                entry.raw,
                count=1,
            )
            names = next((entry.fields_dict[name] for name in ("author", "editor") if name in entry.fields_dict), None)
            if names is not None:
                author = copy.author(names.value) + "}"
                raw = re.sub(
                    r"(\b" + names.key + r"\s*=\s*\{)" + re.escape(names.value) + r"\}",
                    lambda m, author=author: m.group(1) + author,
                    raw,
                    count=1,
                )
            parts.append(raw)
    (target / DEFAULT_FOLDERS.references).write_text("\n\n".join(parts) + "\n", encoding="utf-8")


NAV_GROUP = 10
"""Copies per menu section: an organisation with a hundred reports groups them, so that
with navigation.prune a page's menu holds a few dozen links rather than every page."""


def scale_nav(source: Path, target: Path, copies: list[Copy]) -> None:
    """mkdocs.yml with each copy's theme and checklist pages in menu sections after the real ones.

    Copies are nested as the menu of a large guide would be: 'Copies 1 to 10' > 'Copy 1' >
    its pages. Edited as text, so that comments, hooks and every other setting stay as written.
    """
    lines = (source / SITE_CONFIG_FILE).read_text(encoding="utf-8").splitlines(keepends=True)
    for folder in ("themes", "roles"):
        pages = [
            (number, match)
            for number, line in enumerate(lines)
            if (match := _NAV_PAGE.match(line)) and match["folder"] == folder and match["id"] != "index"
        ]
        if not pages:
            continue
        indent = re.match(r"\s*", pages[0][1]["lead"]).group()
        added = []
        for start in range(0, len(copies), NAV_GROUP):
            group = copies[start : start + NAV_GROUP]
            added.append(f"{indent}- Copies {group[0].number} to {group[-1].number}:\n")
            for copy in group:
                added.append(f"{indent}    - Copy {copy.number}:\n")
                for _, match in pages:
                    lead = indent + "        " + match["lead"].lstrip()
                    if match["title"]:
                        lead = lead.replace(match["title"], copy.title(match["title"]), 1)
                    added.append(f"{lead}{folder}/{copy.id(match['id'])}.md\n")
        last = pages[-1][0]
        lines[last + 1 : last + 1] = added
    (target / SITE_CONFIG_FILE).write_text("".join(lines), encoding="utf-8")


def make_corpus(target: Path, scale: int, source: Path = REPO) -> Path:
    """Write the content of `source` scaled `scale` times into `target` (which must not exist)."""
    if scale < 1:
        raise ValueError("the scale is a whole number of copies, at least 1")
    target.mkdir(parents=True)
    copy_project(source, target)
    copies = [Copy(number) for number in range(1, scale)]
    scale_files(source, target, copies)
    scale_references(source, target, copies)
    scale_nav(source, target, copies)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", type=Path, help="folder to create (must not exist)")
    parser.add_argument("--scale", type=int, default=10, help="how many copies of the content (default: 10)")
    parser.add_argument("--source", type=Path, default=REPO, help="the project to scale (default: this one)")
    args = parser.parse_args(argv)
    make_corpus(args.target, args.scale, args.source.resolve())
    print(f"wrote the content x{args.scale} into {args.target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
