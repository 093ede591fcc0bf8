"""The guide's content folders, as guide.yml's `content:` declares them (defaults: evidence/, checklists/).

Every reader, message, scaffold and watcher takes its paths from one `Folders`, so a guide may
keep its content in folders named as it likes. Paths are relative to the guide's folder and
written with forward slashes, as they appear in messages (`content/themes/x.yml:3: ...`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Folders:
    """Where a guide keeps its content, relative to its folder."""

    evidence: str = "evidence"
    """The sources, references, themes, case studies, tips, figures, glossary and other content files."""
    checklists: str = "checklists"
    """One checklist file a role."""

    def _in_evidence(self, name: str) -> str:
        return f"{self.evidence}/{name}"

    @property
    def themes(self) -> str:
        return self._in_evidence("themes")

    @property
    def case_studies(self) -> str:
        return self._in_evidence("case-studies")

    @property
    def tips(self) -> str:
        return self._in_evidence("tips")

    @property
    def figures(self) -> str:
        return self._in_evidence("figures")

    @property
    def glossary(self) -> str:
        return self._in_evidence("glossary.yml")

    @property
    def lint(self) -> str:
        return self._in_evidence("lint.yml")

    @property
    def report(self) -> str:
        return self._in_evidence("report.yml")

    @property
    def references(self) -> str:
        return self._in_evidence("references.bib")

    @property
    def sources(self) -> str:
        return self._in_evidence("sources.yml")

    @property
    def help_now(self) -> str:
        return self._in_evidence("help-now.yml")

    @property
    def search_words(self) -> str:
        return self._in_evidence("search-words.yml")

    @property
    def all(self) -> tuple[str, ...]:
        """The top content folders, in the order they are read."""
        return (self.evidence, self.checklists)


DEFAULT_FOLDERS = Folders()
