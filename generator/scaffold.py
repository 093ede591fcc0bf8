"""`python -m generator new KIND ID`: a commented, valid starting file for an editor to fill in.

Refuses to overwrite anything. For themes and checklists it also adds the new page to the
menu in mkdocs.yml (next to its kind), because the check requires every page to be there;
case studies and tips are listed on their section's index page, which the menu names once.
"""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator.errors import Problem
from generator.load import SITE_CONFIG_FILE, declared_folders, load
from generator.paths import command_for, engine_inside
from generator.validate import RESERVED_ID, RESERVED_IDS_SAID

KINDS = {
    # kind: (its folder, as an attribute of Folders; its pages' folder in the menu)
    "theme": ("themes", "themes"),
    "case-study": ("case_studies", None),
    "tips": ("tips", None),
    "checklist": ("checklists", "roles"),
}
ID_FORM = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
LONGEST_ID = 100
"""Ids are file names and page addresses: well under any file system's 255-byte limit."""


def new(root: Path, kind: str, new_id: str) -> tuple[list[str], list[Problem]]:
    """Write the starting file; returns (what was done, problems)."""
    attribute, menu_folder = KINDS[kind]
    folders, refused = declared_folders(root)
    if refused:
        return [], refused  # a content folder of guide.yml is wrong: nothing is written
    folder = getattr(folders, attribute)
    target = root / folder / f"{new_id}.yml"
    shown = f"{folder}/{new_id}.yml"
    if not ID_FORM.fullmatch(new_id) or len(new_id) > LONGEST_ID:
        return [], [
            Problem(
                f"{folder}/",
                0,
                f"{new_id[:120]!r} is not a usable id",
                f"Use lower-case words joined by hyphens, at most {LONGEST_ID} characters, e.g. 'shared-decisions'.",
            )
        ]
    if RESERVED_ID.fullmatch(new_id):
        return [], [
            Problem(shown, 0, f"id {new_id!r} is reserved", f"Choose another id. Reserved: {RESERVED_IDS_SAID}.")
        ]
    if target.exists():
        return [], [Problem(shown, 0, "the file already exists; nothing was written", "Edit it, or choose another id.")]
    content = load(root)
    documents = [doc["id"] for doc in content.sources[1]["documents"]] if content.sources else ["source-id"]
    guide = content.guide[1] if content.guide else {}
    main = guide.get("main_source", {}).get("id") if isinstance(guide.get("main_source"), dict) else None
    perspectives = [p["id"] for p in guide.get("perspectives", []) if isinstance(p, dict) and "id" in p]
    speakers = [s["id"] for s in guide.get("speakers", []) if isinstance(s, dict) and "id" in s]
    kinds = [
        k["kind"] for k in guide.get("evidence_kinds", []) if isinstance(k, dict) and isinstance(k.get("kind"), str)
    ]
    keys = [entry.key for entry in content.references]
    themes = [data["id"] for _, data in content.themes if isinstance(data.get("id"), str)]
    roles = [data["id"] for _, data in content.checklists if isinstance(data.get("id"), str)]
    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates" / "scaffold"),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
    )
    text = env.get_template(f"{kind}.yml.j2").render(
        id=new_id,
        title=new_id.replace("-", " ").capitalize(),
        document=main if main in documents else documents[0],
        theme=themes[0] if themes else "theme-id",
        role=roles[0] if roles else "role-id",
        perspectives=perspectives or ["perspective-id"],
        speakers=speakers or ["speaker"],
        kind=kinds[0] if kinds else "kind-of-evidence",
        key=keys[0] if keys else "author2020",
        # The schema line only where the schemas are inside the guide (this repository), the
        # command as the guide's editors run it: nothing here assumes the repository.
        schema=engine_inside(root),
        up="../" * (folder.count("/") + 1),
        folders=folders,
        command=command_for(root),
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    done = [f"wrote {shown}"]
    if menu_folder:
        done.append(_add_to_menu(root, f"{menu_folder}/{new_id}.md"))
    return done, []


def _add_to_menu(root: Path, page: str) -> str:
    """Insert `page` after the last menu entry of its folder, keeping the file's layout."""
    config = root / SITE_CONFIG_FILE
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    folder = page.split("/")[0]
    last = max((i for i, line in enumerate(lines) if re.match(rf"\s*- {folder}/[\w-]+\.md\s*$", line)), default=None)
    if last is None:
        return f"add '- {page}' to the nav of mkdocs.yml, where it should appear"
    indent = lines[last][: len(lines[last]) - len(lines[last].lstrip())]
    lines.insert(last + 1, f"{indent}- {page}\n")
    config.write_text("".join(lines), encoding="utf-8")
    return f"added '{page}' to the menu in mkdocs.yml (move the line to change its place)"
