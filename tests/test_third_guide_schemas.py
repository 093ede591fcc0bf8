"""The schemas' descriptions, which an editor's YAML extension shows as help, speak of any
guide's folders, not of this repository's (found by the third new-user guide, issue 16: a
source's `file` was 'in shared/sources/')."""

from __future__ import annotations

import json

from tests.helpers import ROOT


def _descriptions(node):
    if isinstance(node, dict):
        if isinstance(node.get("description"), str):
            yield node["description"]
        for value in node.values():
            yield from _descriptions(value)
    elif isinstance(node, list):
        for value in node:
            yield from _descriptions(value)


def test_no_schema_description_names_this_repositorys_shared_folder():
    said = [
        (path.name, text)
        for path in sorted((ROOT / "generator/schema").glob("*.schema.json"))
        for text in _descriptions(json.loads(path.read_text(encoding="utf-8")))
        if "shared/" in text
    ]
    assert said == []
