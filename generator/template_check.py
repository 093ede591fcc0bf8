"""The guide's own templates (templates/), checked like its content: a mistake in one is the
guide's, so it is reported with its file, line and a fix, never as a fault of the engine."""

from __future__ import annotations

import difflib
import traceback
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError

from generator import pdf
from generator.errors import Problem
from generator.model import GuideConfig
from generator.render import TEMPLATES, _environment_for, own_templates

HINT = (
    "Compare it with the built-in template of the same name (in the engine's generator/templates/): "
    "fix the line, or delete your copy to use the built-in one."
)


def _shown(path: Path, config: GuideConfig) -> str:
    """The file as the guide's editors name it: relative to the guide's folder."""
    try:
        return path.relative_to(Path(config.folder).resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def check_templates(config: GuideConfig) -> list[Problem]:
    """Every template of the guide's templates folder compiled as the engine will use it, and
    each named for a built-in template it replaces or a print template guide.yml names (a
    misspelt name would be silently unused)."""
    own = own_templates(config)
    if not own:
        return []
    folder = Path(own).resolve()
    built_in = sorted(path.relative_to(TEMPLATES).as_posix() for path in TEMPLATES.rglob("*") if path.is_file())
    known = set(built_in) | set(config.print_templates)
    problems = []
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if not path.is_file() or name.startswith(".") or "/." in name:
            continue
        if name not in known:
            nearest = difflib.get_close_matches(name, built_in, n=1)
            problems.append(
                Problem(
                    _shown(path, config),
                    0,
                    f"{name!r} replaces no built-in template, so it is never used",
                    (f"Did you mean {nearest[0]!r}? " if nearest else "")
                    + "A file here must have the name of a built-in template (in the engine's generator/templates/) "
                    "or be a print template that guide.yml's print names.",
                    "warning",
                )
            )
            continue
        if not name.endswith(".j2"):
            continue
        env = pdf._environment(own) if name.startswith("print/") else _environment_for(own)
        try:
            env.get_template(name)
        except TemplateSyntaxError as error:
            problems.append(
                Problem(_shown(path, config), error.lineno or 0, f"the template cannot be read: {error.message}", HINT)
            )
    return problems


def template_fault(error: BaseException, config: GuideConfig) -> Problem | None:
    """The error a template of the guide's own raised while a page was made, as a Problem at
    its file and line; None when the error did not come from the guide's templates."""
    own = own_templates(config)
    if not own or not isinstance(error, TemplateError | AttributeError | TypeError | KeyError | ValueError):
        return None
    folder = Path(own).resolve()
    places = [(frame.filename, frame.lineno) for frame in traceback.extract_tb(error.__traceback__)]
    if isinstance(error, TemplateSyntaxError) and error.filename:
        places.append((error.filename, error.lineno))
    for filename, line in reversed(places):
        path = Path(filename).resolve()
        if path.is_relative_to(folder):
            message = getattr(error, "message", None) or str(error)
            return Problem(_shown(path, config), line or 0, f"the template failed: {message}", HINT)
    return None
