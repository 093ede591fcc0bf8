"""Check the links from checklist items to the exact points of evidence that back them.

A theme's main messages, quotations and research claims may carry an `id:`; a checklist
item lists the ids of the points that back it under `evidence:`. Each id becomes an anchor
on the theme page and a link from the item, so it must be unique across the guide, must
not take the name of a heading of the theme page, and must be on a page of one of the
item's own themes (the link says which theme it goes to).
"""

from __future__ import annotations

from generator.errors import Problem, did_you_mean
from generator.load import line_of

THEME_PAGE_HEADINGS = frozenset(
    {
        "what-works",
        "what-doesnt-work",
        "main-messages",
        "in-their-own-words",
        "learning-from-situations",
        "what-the-research-says",
        "what-the-evidence-says",
        "other-authors-in-the-guides-sources",
        "in-the-checklists",
    }
)
"""Anchors the theme page's own headings take (the default headings and Working Together's):
a point named so would share its anchor."""


def _list(container, key) -> list:
    value = container.get(key, []) if isinstance(container, dict) else []
    return value if isinstance(value, list) else []


def theme_points(themes) -> dict[str, tuple[str, str, int]]:
    """Every point id of the themes: id -> (theme id, file, line). Duplicates are not included twice."""
    points: dict[str, tuple[str, str, int]] = {}
    for path, data in themes:
        for key in ("main_messages", "quotes", "evidence"):
            for holder in _list(data, key):
                if isinstance(holder, dict) and isinstance(holder.get("id"), str):
                    points.setdefault(holder["id"], (str(data.get("id")), path, line_of(holder, "id")))
    return points


def check(themes, checklists, themes_folder: str = "evidence/themes") -> list[Problem]:
    """Duplicate and reserved point ids in the themes; dangling and misplaced ids in the checklists."""
    problems: list[Problem] = []
    seen: dict[str, tuple[str, int]] = {}
    for path, data in themes:
        for key in ("main_messages", "quotes", "evidence"):
            for holder in _list(data, key):
                if not isinstance(holder, dict) or not isinstance(holder.get("id"), str):
                    continue
                point_id, line = holder["id"], line_of(holder, "id")
                if point_id in seen:
                    first_path, first_line = seen[point_id]
                    problems.append(
                        Problem(
                            path,
                            line,
                            f"evidence id {point_id!r} is already used at {first_path}:{first_line}",
                            "Give each message, quotation and claim its own id; start it with the theme's id.",
                        )
                    )
                    continue
                seen[point_id] = (path, line)
                if point_id in THEME_PAGE_HEADINGS or point_id == data.get("id"):
                    problems.append(
                        Problem(
                            path,
                            line,
                            f"evidence id {point_id!r} is the anchor of a heading of the theme page",
                            f"Start it with the theme's id: '{data.get('id')}-{point_id}'.",
                        )
                    )
    points = theme_points(themes)
    for path, data in checklists:
        for number, item in enumerate(_list(data, "items"), start=1):
            if not isinstance(item, dict):
                continue
            item_themes = [theme for theme in _list(item, "themes") if isinstance(theme, str)]
            evidence = _list(item, "evidence")
            for position, point_id in enumerate(evidence):
                if not isinstance(point_id, str):
                    continue  # the schema says so
                line = line_of(evidence, position)
                if point_id not in points:
                    suggestion = did_you_mean(point_id, points)
                    problems.append(
                        Problem(
                            path,
                            line,
                            f"item {number} cites evidence {point_id!r}, which no theme has"
                            + (f" ({suggestion})" if suggestion else ""),
                            "Evidence ids are the 'id:' of main messages, quotations and claims in "
                            f"{themes_folder}/; give the point an id there, or correct this one.",
                        )
                    )
                elif points[point_id][0] not in item_themes:
                    theme_id, theme_path, theme_line = points[point_id]
                    problems.append(
                        Problem(
                            path,
                            line,
                            f"item {number} cites evidence {point_id!r} of theme {theme_id!r} "
                            f"({theme_path}:{theme_line}), which is not among its themes",
                            f"Add {theme_id!r} to the item's 'themes:', or cite a point of one of its themes.",
                        )
                    )
    return problems
