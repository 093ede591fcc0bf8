"""The browser tests' viewports, colour schemes and the kinds of page a built guide has."""

from __future__ import annotations

PHONE = {"width": 375, "height": 800}
NARROW = {"width": 320, "height": 640}
"""WCAG's reflow width: a page must read at 320 CSS pixels without scrolling sideways."""
DESKTOP = {"width": 1280, "height": 900}
SCHEMES = {"light": "default", "dark": "slate"}
"""The reader's colour-scheme preference, and the Material palette it must bring (mkdocs.yml)."""
ITEM_FOLDERS = ("themes", "roles", "case-studies", "tips")
"""Folders with one page per item, all made from one template (besides their index pages)."""
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
"""The axe rules that read colours: the only ones a colour scheme can change."""


def kind_of(name: str) -> str:
    """Which template made a page: one theme page stands for all, one checklist PDF twin for
    all, one hand-written page (Material's own page template) for all but the home page."""
    folder, _, file = name.rpartition("/")
    stem = file.removesuffix(".html")
    if not folder and stem != "index":
        return "<hand-written>"
    if folder in ITEM_FOLDERS and not stem.startswith("index"):
        return f"{folder}/<item>"
    if folder == "print" and stem != "index":
        return f"print/{stem.split('-')[0]}"  # checklist-*, meeting-sheet, workshop-* (the kit and its parts)
    if stem.startswith("index-"):
        return f"{folder}/<part>"
    return name
