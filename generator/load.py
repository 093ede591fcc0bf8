"""Read the content files into plain Python data that remembers where it came from.

YAML mappings and lists come back as `Located` / `LocatedList`, which carry the line of
every key and item, so that later stages can point a person at the exact line to fix.
Nothing here judges the content; it only reports what cannot be read at all.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import stat
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from sys import intern
from typing import TYPE_CHECKING

import bibtexparser
import yaml

from generator.errors import Problem, relative
from generator.folders import DEFAULT_FOLDERS, Folders
from generator.session import Session

PARSERS = f"yaml {yaml.__version__}, bibtexparser {bibtexparser.__version__}"
"""Part of a parsed file's session key: another parser may read the same bytes otherwise."""
MAX_FILE_BYTES = 1_000_000
"""A content file larger than this is refused (a whole report's themes fit in a tenth of it)."""
MAX_BIBTEX_BYTES = 20_000_000
"""The same for the reference list, which is one file however many works a guide lists (the
benchmark's guide at x100 lists 16,000 in 1.9 MB)."""
MAX_NODES = 200_000
"""Values a file may expand to once its aliases are followed: a YAML alias bomb is refused."""
MAX_FLOW_DEPTH = 50
"""Brackets open at once; libyaml recurses on each and crashes the process long before 100,000."""
MAX_INDENT = 400
"""Columns of indentation: no guide nests anything that deep."""


class LimitError(yaml.YAMLError):
    """A file that could not be read without exhausting memory, time or the stack."""

    def __init__(self, message: str, hint: str, line: int = 0):
        super().__init__(message)
        self.message, self.hint, self.line = message, hint, line


@lru_cache(maxsize=16)
def _resolved(root: Path) -> Path:
    """The guide's folder with its links followed, worked out once per process, not per file."""
    return root.resolve()


@lru_cache(maxsize=64)
def _resolved_folder(folder: Path) -> Path:
    """A content folder with its links followed: `load` empties this at the start of each run,
    so a run pays one `resolve` per folder rather than one per file (a syscall per part of the
    path: 15,000 at x100, seconds of waiting on a busy machine)."""
    return folder.resolve(strict=True)


def unreadable_problem(path: Path, root: Path, most: int = MAX_FILE_BYTES) -> Problem | None:
    """Why `path` cannot be read as a content file, or None: checked before it is opened,
    so a FIFO never blocks a run and a link never leads out of the guide. `most`: its size limit."""
    shown = relative(path, root)
    try:
        status = path.lstat()
        followed = stat.S_ISLNK(status.st_mode) or path.name in ("", ".", "..")
        if followed:
            target = path.resolve(strict=True)
        else:  # not a link itself: its folder's links followed (once per folder and run) and its name
            target = _resolved_folder(path.parent) / path.name
    except (OSError, RuntimeError):
        return Problem(shown, 0, "a link to a file that does not exist", "Delete the link or restore its file.")
    if not target.is_relative_to(_resolved(root)):
        return Problem(
            shown,
            0,
            f"a link to {str(target)!r}, outside the guide's folder",
            "Copy the file into the guide instead: content must live in the guide's own folder.",
        )
    if followed:  # what the link leads to (`lstat` said what the file itself is)
        try:
            status = path.stat()
        except OSError as error:
            return Problem(shown, 0, f"cannot be read: {error.strerror}", "Check the file exists and may be read.")
    if stat.S_ISDIR(status.st_mode):
        return Problem(shown, 0, "a folder named like a content file", "Rename the folder: only files may end in .yml.")
    if not stat.S_ISREG(status.st_mode):
        return Problem(
            shown, 0, "not a regular file (a pipe, socket or device)", "Replace it with an ordinary text file."
        )
    if status.st_size > most:
        return Problem(
            shown,
            0,
            f"the file is {status.st_size:,} bytes, over the limit of {most:,}",
            "Split it into several files; no content file of a guide needs to be this large.",
        )
    return None


_BRACKET = re.compile(r"[\[\]{}]")
_DEEP_INDENT = re.compile(f"^ {{{MAX_INDENT + 1}}}", re.MULTILINE)


def check_nesting(text: str) -> None:
    """Refuse text nested deeper than any guide needs, before a parser recurses into it.

    Only the brackets are walked, and the indentation is found by one regular expression:
    a Python loop over every character cost 0.7 s of a cold check at x100."""
    depth = deepest = 0
    for char in _BRACKET.findall(text):
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif depth:
            depth -= 1
    if deepest > MAX_FLOW_DEPTH:
        raise LimitError(
            f"brackets nested {deepest} deep, over the limit of {MAX_FLOW_DEPTH}",
            "Write lists and mappings one item a line; check for brackets that are never closed.",
        )
    if deep := _DEEP_INDENT.search(text):  # `^` starts a line after each "\n", as split("\n") does
        raise LimitError(
            f"indented more than {MAX_INDENT} columns",
            "Nest less deeply; two spaces a level is enough.",
            text.count("\n", 0, deep.start()) + 1,
        )


def check_expansion(node) -> None:
    """Count the values a YAML document stands for with its aliases followed, refusing a
    document that refers to itself or expands past MAX_NODES (an 'alias bomb').

    The loader skips it for a text with no '&': without an anchor there is no alias, so no
    value is shared and the document stands for as many values as it has nodes, at most
    two for each character (an empty value after ':' or '?')."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(current) -> int:
        key = id(current)
        if key in sizes:
            return sizes[key]
        if key in open_nodes:
            raise LimitError(
                "a value refers to itself through an alias",
                "Remove the alias ('*name') that points back at the value holding it.",
                -current.start_mark.index - 1,
            )
        open_nodes.add(key)
        total = 1
        if isinstance(current, yaml.SequenceNode):
            total += sum(size(child) for child in current.value)
        elif isinstance(current, yaml.MappingNode):
            total += sum(size(k) + size(v) for k, v in current.value)
        open_nodes.discard(key)
        if total > MAX_NODES:
            raise LimitError(
                f"the file expands to more than {MAX_NODES:,} values once its aliases are followed",
                "Remove the aliases ('*name'); write the values out, or split the file.",
                -current.start_mark.index - 1,
            )
        sizes[key] = total
        return total

    size(node)


class Located(dict):
    """A YAML mapping that knows its own line and the line of each key.

    Slots, not an attribute dict: a mapping or list given attributes otherwise gets a dict
    of its own for them, 29 MiB for the 180,000 mappings and lists of the x100 benchmark
    corpus (the highest point of a cold run's memory is while they are all held)."""

    __slots__ = ("line", "lines")
    line: int
    lines: dict

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.line = 0
        self.lines = {}


class LocatedList(list):
    """A YAML sequence that knows its own line and the line of each item (slots, as `Located`)."""

    __slots__ = ("line", "lines")
    line: int
    lines: list

    def __init__(self, *args):
        super().__init__(*args)
        self.line = 0
        self.lines = []


def line_of(container, key=None) -> int:
    """The line of `container[key]` (or of the container itself), 0 if unknown."""
    if key is None:
        return getattr(container, "line", 0)
    lines = getattr(container, "lines", None)
    if isinstance(container, Located) and lines:
        return lines.get(key, container.line)
    if isinstance(container, LocatedList) and lines and isinstance(key, int) and key < len(lines):
        return lines[key]
    return getattr(container, "line", 0)


_YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029")
"""Characters YAML counts as line breaks but editors do not."""


if TYPE_CHECKING:  # what the loaders are, for the type checker
    _LinesBase = yaml.SafeLoader
    _FastSafeLoader = yaml.SafeLoader
else:  # a mixin; and PyYAML's C loader where it was built with libyaml
    _LinesBase = object
    _FastSafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Lines(_LinesBase):
    """The safe loader's constructors, keeping lines and refusing duplicate keys."""

    def __init__(self, stream, path: str):
        super().__init__(stream)
        self.path = path
        self.problems: list[Problem] = []
        self.text = stream
        self.odd_breaks = any(mark in stream for mark in _YAML_ONLY_BREAKS)

    def line(self, node) -> int:
        """The line an editor shows: YAML also breaks lines at U+0085, U+2028 and U+2029."""
        if not self.odd_breaks:
            return node.start_mark.line + 1
        return self.text.count("\n", 0, node.start_mark.index) + 1

    def resolve(self, kind, value, implicit):
        """The tag of a node without one: `yaml.resolver.Resolver.resolve`'s answer, found
        quicker. libyaml asks it of every value (500,000 times in a cold check at x100).
        Only the implicit resolvers of the value's first character can match (the loader has
        no path resolvers and no resolver for every character: checked where `_IMPLICIT` is made)."""
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in _IMPLICIT.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def get_single_data(self):
        node = self.get_single_node()
        if node is None:
            return None
        if "&" in self.text:  # an anchor, so perhaps aliases: shared values, built by PyYAML's constructor
            check_expansion(node)
            return self.construct_document(node)
        if len(self.text) >= MAX_NODES // 2:  # long enough to hold too many values
            check_expansion(node)
        if isinstance(node, yaml.MappingNode) and node.tag == _MAP:
            data = self.build_mapping(node)
            self.constructed_objects, self.recursive_objects = {}, {}  # as construct_document leaves them
            return data
        return self.construct_document(node)

    def build(self, node):
        """The value of `node`, in a document without anchors (so every node is met once):
        text, mappings and lists directly, anything else (numbers, dates, true/false, null,
        other tags, merges) through PyYAML's constructor, which gives the same values and
        errors as before. construct_object's bookkeeping for each of half a million nodes was
        a third of a cold check's CPU at x100."""
        kind = type(node)
        if kind is yaml.ScalarNode:
            if node.tag == _STR:
                return node.value
        elif kind is yaml.MappingNode:
            if node.tag == _MAP:
                return self.build_mapping(node)
        elif kind is yaml.SequenceNode and node.tag == _SEQ:
            sequence = LocatedList([self.build(child) for child in node.value])
            sequence.line = self.line(node)
            sequence.lines = [self.line(child) for child in node.value]
            return sequence
        return self.construct_object(node, deep=True)

    def build_mapping(self, node):
        """`construct_located_mapping` for a mapping whose keys are all plain text (nearly
        every one); any other goes to it, through PyYAML's constructor."""
        pairs = node.value
        for key_node, _ in pairs:
            if key_node.tag != _STR or type(key_node) is not yaml.ScalarNode:
                return self.construct_object(node, deep=True)
        mapping = Located()
        mapping.line = self.line(node)
        lines: dict = {}
        mapping.lines = lines
        for key_node, value_node in pairs:
            key = intern(key_node.value)  # one 'title' for every file, not one a mapping
            if key in mapping:
                self.duplicate(key, self.line(key_node), lines[key])
                continue
            mapping[key] = self.build(value_node)
            lines[key] = self.line(key_node)
        return mapping

    def duplicate(self, key, line: int, first: int) -> None:
        """A key given twice in one mapping, at `line`, first at `first`: a problem, the first kept."""
        self.problems.append(
            Problem(
                self.path,
                line,
                f"duplicate key {key!r} (first given on line {first})",
                "Keep one of the two; YAML would silently drop the first.",
            )
        )

    def construct_located_mapping(self, node):
        explicit = {id(key_node) for key_node, _ in node.value if key_node.tag != "tag:yaml.org,2002:merge"}
        self.flatten_mapping(node)
        mapping = Located()
        mapping.line = self.line(node)
        mapping.lines = {}
        merged: set = set()
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key_node, yaml.ScalarNode) and (key is None or isinstance(key, bool)):
                key = key_node.value  # 'on:', 'no:', '~:' are the words written, not true, false or null
            line = self.line(key_node)
            if id(key_node) not in explicit:  # from a '<<:' merge: a later value overrides it
                merged.add(key)
                mapping[key] = self.construct_object(value_node, deep=True)
                mapping.lines[key] = line
                continue
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                self.problems.append(
                    Problem(
                        self.path,
                        line,
                        "a key must be a plain word",
                        "Write the key as text followed by a colon, e.g. 'title:'.",
                    )
                )
                continue
            if key in mapping and key not in merged:
                self.duplicate(key, line, mapping.lines[key])
                continue
            merged.discard(key)
            mapping[key] = self.construct_object(value_node, deep=True)
            mapping.lines[key] = line
        return mapping

    def construct_located_sequence(self, node):
        sequence = LocatedList(self.construct_object(child, deep=True) for child in node.value)
        sequence.line = self.line(node)
        sequence.lines = [self.line(child) for child in node.value]
        return sequence


class _LineLoader(_Lines, yaml.SafeLoader):
    """Pure Python: its error messages are the ones _yaml_hint translates for people."""


class _FastLineLoader(_Lines, _FastSafeLoader):
    """libyaml where PyYAML has it, several times faster; a file it rejects is read again
    by _LineLoader, so that the message a person sees is always the same."""


for _loader in (_LineLoader, _FastLineLoader):
    _loader.add_constructor("tag:yaml.org,2002:map", _Lines.construct_located_mapping)
    _loader.add_constructor("tag:yaml.org,2002:seq", _Lines.construct_located_sequence)

_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_IMPLICIT = {first: tuple(found) for first, found in yaml.SafeLoader.yaml_implicit_resolvers.items()}
"""The safe loader's implicit resolvers by a plain value's first character ('' for an empty one)."""
for _checked in (_LineLoader, _FastLineLoader):  # what _Lines.resolve relies on, or another PyYAML
    if (
        _checked.yaml_implicit_resolvers != yaml.SafeLoader.yaml_implicit_resolvers
        or None in _IMPLICIT
        or _checked.yaml_path_resolvers
        or (_checked.DEFAULT_SCALAR_TAG, _checked.DEFAULT_SEQUENCE_TAG, _checked.DEFAULT_MAPPING_TAG)
        != (_STR, _SEQ, _MAP)
    ):
        raise ImportError(f"PyYAML {yaml.__version__} resolves tags otherwise than _Lines.resolve assumes")


_OPENING_QUOTE = re.compile(r"""^\s*(?:-\s+)?(?:[\w ]+:\s+)?(?:-\s+)?(["'])(.*)$""")


def unclosed_quote_line(text: str, last_line: int) -> int:
    """The first line up to `last_line` (0-based) whose value opens a quote it never closes."""
    for number, line in enumerate(text.splitlines()[: last_line + 1]):
        found = _OPENING_QUOTE.match(line)
        if found and found.group(1) not in found.group(2).replace(found.group(1) * 2, ""):
            return number
    return -1


_BLOCK_START = re.compile(r"^(\s*)(?:-\s+)?([\w-]+):\s*([>|][-+]?)\s*(?:#.*)?$")


def unindented_block(text: str, last_line: int) -> tuple[str, int] | None:
    """('summary: >-', its 1-based line) when the text under a folded or literal block up to
    `last_line` (0-based) starts at or left of its key's column: YAML then reads that text as
    keys of its own and stops further down, far from the mistake."""
    lines = text.splitlines()[: last_line + 1]
    for number in range(len(lines) - 2, -1, -1):
        found = _BLOCK_START.match(lines[number])
        if not found:
            continue
        following = next((line for line in lines[number + 1 :] if line.strip()), "")
        if following and len(following) - len(following.lstrip()) <= found.start(2):
            return f"{found.group(2)}: {found.group(3)}", number + 1
        return None
    return None


def _yaml_hint(error: yaml.MarkedYAMLError, text: str) -> tuple[str, str]:
    """Turn PyYAML's parser vocabulary into a message and a fix a person can act on."""
    problem = error.problem or "the file is not valid YAML"
    mark = error.problem_mark
    line_text = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
    if mark and (block := unindented_block(text, mark.line)):
        return (
            f"the text under '{block[0]}' (line {block[1]}) is not indented",
            f"Indent every line of that text by two spaces more than '{block[0].split(':')[0]}:'.",
        )
    if "'\\t'" in problem or "\t" in line_text[: (mark.column + 1) if mark else 0]:
        return (
            "a tab character where YAML expects spaces",
            "Indent with spaces only; replace the tab with two spaces.",
        )
    if (
        "found unexpected end of stream" in problem
        or "found unknown escape" in problem
        or ("while scanning a quoted scalar" in (error.context or ""))
    ):
        return (
            "a quotation mark is opened but never closed",
            "Close the quote on the same value, or wrap text containing quotes in the other kind of quote.",
        )
    if "mapping values are not allowed" in problem:
        return (
            "a colon followed by a space inside an unquoted value",
            'Put the whole value in quotes, e.g. text: "Note: this".',
        )
    if (
        "expected <block end>" in problem
        or "did not find expected key" in problem
        or ("expected <block end>" in (error.context or ""))
    ):
        return (
            "the indentation does not line up",
            "Items of one list or mapping must start in the same column; check the line above too.",
        )
    if "did not find expected '-' indicator" in problem:
        return (
            "a list item is not indented like the others",
            "Start every item of the list with '- ' in the same column.",
        )
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        return (
            "a list or mapping in brackets is not written correctly",
            "Put each item in quotes, or write one item per line starting with '- '.",
        )
    if "could not find expected ':'" in problem:
        return (
            "a line that is neither 'key: value' nor a list item",
            "Add the missing ':' after the key, or join the line to the text above it.",
        )
    return (problem, "Check the line and the one above it; YAML reports an error where it stopped reading.")


def read_yaml(
    path: Path, root: Path, session: Session | None = None, digests: dict | None = None
) -> tuple[Located | None, list[Problem]]:
    """One YAML file as a Located mapping, or None with the problems that stopped it.

    With a `session`, a file read before with the same bytes is not parsed again; its key
    goes into `digests`.
    """
    shown = relative(path, root)
    if refused := unreadable_problem(path, root):
        return None, [refused]
    raw = path.read_bytes()
    if session is None or not session.remember:
        return _read_yaml(raw, shown)
    key = session.key("parsed", PARSERS, shown, raw)
    if digests is not None:
        digests[shown] = key
    return session.through(key, lambda: _read_yaml(raw, shown), keep=lambda found: found[0] is not None)


def _read_yaml(raw: bytes, shown: str) -> tuple[Located | None, list[Problem]]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [
            Problem(
                shown,
                line,
                "the file is not UTF-8 text",
                "Save it as UTF-8 in your editor (often 'Save with encoding').",
            )
        ]
    text = text.removeprefix("\ufeff")
    if not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        return None, [
            Problem(
                shown,
                0,
                "the file is empty",
                "Fill it in ('new theme ID' writes a commented start) or delete it.",
            )
        ]
    try:
        check_nesting(text)
    except LimitError as error:
        return None, [Problem(shown, error.line, error.message, error.hint)]
    fast = _FastLineLoader(text, shown)
    try:
        data = fast.get_single_data()
    except LimitError as error:
        return None, [Problem(shown, _real_line(text, error.line), error.message, error.hint)]
    except (yaml.YAMLError, RecursionError):
        pass
    else:
        return _mapping_or_problem(data, fast.problems, shown)
    finally:
        fast.dispose()
    loader = None
    try:
        loader = _LineLoader(text, shown)
        data = loader.get_single_data()
    except LimitError as error:
        return None, [Problem(shown, _real_line(text, error.line), error.message, error.hint)]
    except RecursionError:
        return None, [
            Problem(shown, 0, "values nested too deeply to read", "Nest less deeply; two spaces a level is enough.")
        ]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if "flow" in (error.context or "") and error.context_mark:  # an unclosed [ or {: where it opened
            mark = error.context_mark
        line = text.count("\n", 0, mark.index) if mark else 0
        quote_line = unclosed_quote_line(text, line)
        if quote_line >= 0:
            return None, [
                Problem(
                    shown,
                    quote_line + 1,
                    "a quotation mark is opened but never closed",
                    "Close the quote on the same value, or wrap text containing quotes in the other kind of quote.",
                )
            ]
        message, hint = _yaml_hint(error, text)
        return None, [Problem(shown, line + 1 if mark else 0, message, hint)]
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        return None, [
            Problem(
                shown,
                line,
                f"the file contains a control character (code {error.character:#x}) that YAML does not allow",
                "Delete the invisible character; it often comes from copying out of a PDF or a word processor.",
            )
        ]
    except yaml.YAMLError as error:  # e.g. more than one document in the file
        return None, [
            Problem(shown, 0, f"not valid YAML: {error}", "Keep one document per file, without '---' separators.")
        ]
    finally:
        if loader is not None:
            loader.dispose()
    return _mapping_or_problem(data, loader.problems, shown)


def _real_line(text: str, line: int) -> int:
    """A LimitError's line: given as it is, or (negative) as -(character index + 1)."""
    return text.count("\n", 0, -line - 1) + 1 if line < 0 else line


def _mapping_or_problem(data, problems: list[Problem], shown: str) -> tuple[Located | None, list[Problem]]:
    if not isinstance(data, Located):
        kind = "a list" if isinstance(data, list) else "a single value"
        return None, problems + [
            Problem(
                shown,
                getattr(data, "line", 1) or 1,
                f"the top level is {kind}, not a mapping of keys",
                "Start the file with keys such as 'id:' and 'title:' at the left margin, not with '- '.",
            )
        ]
    return data, problems


@dataclass
class BibEntry:
    """One BibTeX entry as written, with its line."""

    key: str
    entry_type: str
    fields: dict[str, str]
    line: int


def read_bibtex(path: Path, root: Path, session: Session | None = None) -> tuple[list[BibEntry], list[Problem]]:
    """All entries of a BibTeX file; unreadable blocks become problems, not exceptions."""
    shown = relative(path, root)
    if refused := unreadable_problem(path, root, MAX_BIBTEX_BYTES):
        return [], [refused]
    raw = path.read_bytes()
    if session is None or not session.remember:
        return _read_bibtex(raw, shown)
    return session.through(session.key("parsed", PARSERS, shown, raw), lambda: _read_bibtex(raw, shown))


def _read_bibtex(raw: bytes, shown: str) -> tuple[list[BibEntry], list[Problem]]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return [], [Problem(shown, line, "the file is not UTF-8 text", "Save it as UTF-8 in your editor.")]
    quiet = logging.getLogger("bibtexparser")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # its own log lines (some say "line 0"); the problems below say it better
    try:
        library = bibtexparser.parse_string(text)
    finally:
        quiet.setLevel(level)
    problems = []
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, bibtexparser.model.DuplicateBlockKeyBlock):
            problems.append(
                Problem(
                    shown,
                    line,
                    f"duplicate BibTeX key {block.key!r}",
                    "Give each entry its own key, e.g. add 'a' and 'b' after the year.",
                )
            )
        else:
            block_text = (block.raw or "").strip()
            first = block_text.splitlines()[0] if block_text else ""
            problems.append(
                Problem(
                    shown,
                    line,
                    f"this BibTeX entry cannot be read: {first[:60]!r}",
                    "Check its braces and commas: '@type{key,' then 'field = {value},' lines, closed by '}'.",
                )
            )
    entries = [
        BibEntry(
            entry.key,
            entry.entry_type.lower(),
            {field.key.lower(): decode_field(field.key.lower(), str(field.value)) for field in entry.fields},
            (entry.start_line or 0) + 1,
        )
        for entry in library.entries
    ]
    _follow_crossrefs(entries, shown, problems)
    return entries, problems


def split_names(value: str) -> list[str]:
    """BibTeX's ' and '-separated names, leaving braced organisation names whole."""
    names, depth, current = [], 0, ""
    for token in re.split(r"(\{|\}|\s+and\s+)", value):
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        if depth == 0 and re.fullmatch(r"\s+and\s+", token or ""):
            names.append(current.strip())
            current = ""
        else:
            current += token or ""
    if current.strip():
        names.append(current.strip())
    return names


VERBATIM_BIB_FIELDS = ("url", "doi", "crossref", "file", "eprint", "isbn", "issn")
"""Fields that are addresses or identifiers: LaTeX means nothing in them."""
NAME_BIB_FIELDS = ("author", "editor")


@lru_cache(maxsize=1 << 16)
def decode_field(name: str, value: str) -> str:
    """A BibTeX field as a reader should see it: LaTeX accents and commands as Unicode
    (M{\\"u}ller -> Müller, -- -> en dash, ~ -> space), through pylatexenc. Names keep the
    braces that mark an organisation's name as one name.

    Remembered per process: a large guide repeats titles, publishers and co-authors across
    thousands of entries, and pylatexenc took 0.9 s of a cold check at x100."""
    if name in VERBATIM_BIB_FIELDS or not re.search(r"[\\{}~$%&]|--", value):
        return " ".join(value.split())
    if name in NAME_BIB_FIELDS:
        names = []
        for person in split_names(value):
            if person.startswith("{") and person.endswith("}"):
                names.append("{" + _latex_text(person[1:-1]) + "}")
            else:
                names.append(_latex_text(person))
        return " and ".join(names)
    return _latex_text(value)


@lru_cache(maxsize=1 << 16)
def _latex_text(value: str) -> str:
    value = re.sub(r"(?<!\\)%", r"\\%", value)  # a bare % is a percent sign here, not a LaTeX comment
    value = re.sub(r"(?<!\\)&", r"\\&", value)
    text = _latex_decoder().latex_to_text(value)
    return " ".join(text.replace("\xa0", " ").split())


@lru_cache(maxsize=1)
def _latex_decoder():
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=False)


def _follow_crossrefs(entries: list[BibEntry], shown: str, problems: list[Problem]) -> None:
    """BibTeX's crossref: an entry takes the fields it lacks from the entry it names (the
    parent's title becomes its booktitle), as BibTeX itself does."""
    by_key = {entry.key.casefold(): entry for entry in entries}
    for entry in entries:
        target = entry.fields.get("crossref", "").strip()
        if not target:
            continue
        parent = by_key.get(target.casefold())
        if parent is None or parent is entry:
            problems.append(
                Problem(
                    shown,
                    entry.line,
                    f"entry {entry.key!r} has crossref {target!r}, which is not an entry of this file",
                    "Add the entry it names, or remove the crossref line.",
                )
            )
            continue
        for name, value in parent.fields.items():
            if name == "title":
                entry.fields.setdefault("booktitle", value)
            elif name != "crossref":
                entry.fields.setdefault(name, value)


@dataclass
class Content:
    """Everything read from the content folders, before any judgement."""

    themes: list[tuple[str, Located]] = field(default_factory=list)
    checklists: list[tuple[str, Located]] = field(default_factory=list)
    case_studies: list[tuple[str, Located]] = field(default_factory=list)
    tips: list[tuple[str, Located]] = field(default_factory=list)
    figures: list[tuple[str, Located]] = field(default_factory=list)
    glossary: tuple[str, Located] | None = None
    lint: tuple[str, Located] | None = None
    report: tuple[str, Located] | None = None
    sources: tuple[str, Located] | None = None
    guide: tuple[str, Located] | None = None
    """guide.yml: the guide's configuration (names, audiences, sections, print products)."""
    workshop: tuple[str, Located] | None = None
    """The workshop kit's plans, from the file guide.yml names (print, workshop, plans)."""
    references: list[BibEntry] = field(default_factory=list)
    references_path: str = ""
    unreadable: list[str] = field(default_factory=list)
    """Content files that could not be read; their ids still count, so one broken file
    does not also make every link to it look wrong."""
    references_readable: bool = False
    """False when the BibTeX file is missing or not text: citations then go unchecked."""
    problems: list[Problem] = field(default_factory=list)
    digests: dict[str, str] = field(default_factory=dict, repr=False)
    """Each file read, by its path: the session key of its bytes (later stages key their own entries on it).
    Empty when the session is off."""
    root: str = ""
    """The guide's folder, as given to `load`."""
    folders: Folders = DEFAULT_FOLDERS
    """The content folders guide.yml declares (`content:`), every path above inside them."""


GUIDE_FILE = "guide.yml"
NOT_CONTENT = ("docs", "site", "generator", "templates", ".git", ".cache")
"""Folders of a guide that no content folder may be, hold or lie in: pages, the built site, code."""


def content_folders(guide, root: Path) -> tuple[Folders, list[Problem]]:
    """The content folders guide.yml (as read) declares under `content:`, or the defaults;
    with the problems of a folder that is missing, outside the guide or overlaps another."""
    declared = guide.get("content") if isinstance(guide, dict) else None
    if declared is None:
        return DEFAULT_FOLDERS, []
    if not isinstance(declared, dict):
        return DEFAULT_FOLDERS, [
            Problem(
                GUIDE_FILE,
                line_of(guide, "content"),
                "content is not a mapping of folders",
                "Write it as 'content:' then, indented, 'evidence: evidence' and 'checklists: checklists' "
                "(the folders, relative to guide.yml), or leave it out for those defaults.",
            )
        ]
    problems: list[Problem] = []
    chosen: dict[str, str] = {}
    templates = guide.get("templates") if isinstance(guide.get("templates"), str) else "templates"
    for key, default in (("evidence", DEFAULT_FOLDERS.evidence), ("checklists", DEFAULT_FOLDERS.checklists)):
        if key not in declared:
            chosen[key] = default
            continue
        found = _folder_problem(key, declared[key], default, root, templates)
        if isinstance(found, str):
            chosen[key] = found
        else:
            problems.append(dataclasses.replace(found, line=line_of(declared, key)))
    if not problems:
        evidence, checklists = chosen["evidence"], chosen["checklists"]
        inside = Folders(evidence, checklists)
        clash = {evidence, inside.themes, inside.case_studies, inside.tips, inside.figures}
        if checklists in clash or evidence.startswith(checklists + "/"):
            problems.append(
                Problem(
                    GUIDE_FILE,
                    line_of(declared, "checklists"),
                    f"content: checklists {checklists!r} overlaps the evidence folder {evidence!r}",
                    "Give the checklists a folder of their own, e.g. checklists: checklists.",
                )
            )
    if problems:
        return DEFAULT_FOLDERS, problems
    return Folders(chosen["evidence"], chosen["checklists"]), []


def _folder_problem(key: str, value, default: str, root: Path, templates: str) -> str | Problem:
    """The folder `value` names, cleaned ('content/' gives 'content'), or why it cannot be one."""
    fix = f"Name a folder inside the guide, relative to guide.yml, e.g. {key}: {default}."
    if not isinstance(value, str) or not value.strip():
        return Problem(GUIDE_FILE, 0, f"content: {key} is {value!r}, not a folder name", fix)
    text = value.strip()
    parts = [part for part in text.replace("\\", "/").split("/") if part not in ("", ".")]
    if text.startswith(("/", "~")) or re.match(r"[A-Za-z]:", text) or ".." in parts:
        return Problem(GUIDE_FILE, 0, f"content: {key} {value!r} leads outside the guide's folder", fix)
    if not parts:
        return Problem(GUIDE_FILE, 0, f"content: {key} {value!r} is the guide's folder itself", fix)
    folder = "/".join(parts)
    reserved = dict.fromkeys(NOT_CONTENT, "") | {templates.strip("/"): " (the guide's own templates)"}
    for name, what in reserved.items():
        if folder == name or folder.startswith(name + "/") or name.startswith(folder + "/"):
            shown = "the built site" if name == "site" else f"{name}/{what}"
            return Problem(
                GUIDE_FILE,
                0,
                f"content: {key} {value!r} overlaps {shown}, which the generator writes or reads as other files",
                f"Keep content in a folder of its own, outside docs/ and the site, e.g. {key}: {default}.",
            )
    path = root / folder
    if not path.is_dir():
        return Problem(
            GUIDE_FILE,
            0,
            f"content: {key} folder {folder + '/'!r} does not exist",
            f"Create {folder}/ beside guide.yml, or correct the name (leave '{key}' out for {default}/).",
        )
    if not path.resolve().is_relative_to(root.resolve()):
        return Problem(GUIDE_FILE, 0, f"content: {key} {value!r} is a link leading outside the guide's folder", fix)
    return folder


def declared_folders(root: Path, session: Session | None = None) -> tuple[Folders, list[Problem]]:
    """The content folders of the guide at `root` and their problems, from guide.yml alone
    (the defaults when it cannot be read: `check` says why). With a `session`, guide.yml is
    parsed again only when its bytes changed (a preview asks at every build)."""
    path = root / GUIDE_FILE
    if not path.is_file():
        return DEFAULT_FOLDERS, []
    data, _ = read_yaml(path, root, session)
    return content_folders(data, root) if data is not None else (DEFAULT_FOLDERS, [])


def read_folders(root: Path, session: Session | None = None) -> Folders:
    """The content folders of the guide at `root`, for a command that reads no content
    (serve, the site folder's guard): the defaults when guide.yml cannot say."""
    return declared_folders(root, session)[0]


def load(root: Path, session: Session | None = None) -> Content:
    """Read every content file under `root`, in a fixed order whatever the file system says.

    With a `session`, a file whose bytes it has seen is not parsed again."""
    _resolved_folder.cache_clear()  # a folder made a link since the last run is followed again
    content = Content(references_path=DEFAULT_FOLDERS.references, root=str(root))

    def read_all(folder: str) -> list[tuple[str, Located]]:
        found = []
        for path in sorted((root / folder).glob("*.y*ml")):
            if path.name.startswith("."):  # an editor's lock or backup file, not content
                continue
            data, problems = read_yaml(path, root, session, content.digests)
            content.problems.extend(problems)
            if data is not None:
                found.append((relative(path, root), data))
            else:
                content.unreadable.append(relative(path, root))
        return found

    guide_path = root / GUIDE_FILE
    if guide_path.exists():
        data, problems = read_yaml(guide_path, root, session, content.digests)
        content.problems.extend(problems)
        content.guide = (GUIDE_FILE, data) if data is not None else None
    else:
        content.problems.append(
            Problem(
                GUIDE_FILE,
                0,
                "the guide's configuration is missing",
                "Create guide.yml beside mkdocs.yml, with at least name, short_name, language, perspectives, "
                "speakers and evidence_kinds (see docs/editing.md, 'The guide's configuration').",
            )
        )
    if content.guide is not None:
        folders, problems = content_folders(content.guide[1], root)
        if problems:  # nothing is read from folders that are not the ones meant
            content.problems.extend(problems)
            return content
        content.folders = folders
        content.references_path = folders.references
        _read_workshop(root, content, session)
    folders = content.folders
    sources_path = root / folders.sources
    if sources_path.exists():
        data, problems = read_yaml(sources_path, root, session, content.digests)
        content.problems.extend(problems)
        content.sources = (folders.sources, data) if data is not None else None
    else:
        content.problems.append(
            Problem(
                folders.sources,
                0,
                "the list of source documents is missing",
                f"Restore {folders.sources} from git.",
            )
        )
    content.themes = read_all(folders.themes)
    content.checklists = read_all(folders.checklists)
    content.case_studies = read_all(folders.case_studies)
    content.tips = read_all(folders.tips)
    content.figures = read_all(folders.figures)
    for name, attribute in ((folders.glossary, "glossary"), (folders.lint, "lint")):
        if (root / name).exists():
            data, problems = read_yaml(root / name, root, session, content.digests)
            content.problems.extend(problems)
            setattr(content, attribute, (name, data) if data is not None else None)
    report_path = root / folders.report
    if report_path.exists():  # needed only when guide.yml names the report section (validate says so)
        data, problems = read_yaml(report_path, root, session, content.digests)
        content.problems.extend(problems)
        if data is not None:
            content.report = (folders.report, data)
        else:
            content.unreadable.append(folders.report)
    references_path = root / folders.references
    if references_path.exists():
        content.references, problems = read_bibtex(references_path, root, session)
        content.problems.extend(problems)
        content.references_readable = not any("not UTF-8" in problem.message for problem in problems)
    else:
        content.problems.append(
            Problem(
                folders.references,
                0,
                "the reference list is missing",
                f"Create {folders.references}: an empty file will do while the guide cites no works. "
                "If it was there before, restore it from git.",
            )
        )
    return content


def _read_workshop(root: Path, content: Content, session: Session | None) -> None:
    """The workshop plans file that guide.yml names, if it names one."""
    assert content.guide is not None
    printing = content.guide[1].get("print")
    kit = printing.get("workshop") if isinstance(printing, dict) else None
    name = kit.get("plans") if isinstance(kit, dict) else None
    if not isinstance(name, str) or not name.strip():
        return  # none, or validate says what is wrong with guide.yml
    path = root / name
    if not path.exists():
        content.problems.append(
            Problem(
                GUIDE_FILE,
                line_of(kit, "plans"),
                f"the workshop plans file {name!r} does not exist",
                "Give the path of the plans file relative to guide.yml "
                f"(e.g. {content.folders.evidence}/workshop.yml), "
                "or remove 'workshop' from 'print'.",
            )
        )
        return
    data, problems = read_yaml(path, root, session, content.digests)
    content.problems.extend(problems)
    if data is not None:
        content.workshop = (relative(path, root), data)
    else:
        content.unreadable.append(relative(path, root))


SITE_CONFIG_FILE = "mkdocs.yml"


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its Python tags (we only need plain keys)."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


class _FastConfigLoader(_FastSafeLoader):
    """The same through libyaml, when PyYAML has it: a large guide's menu is a long file."""


_FastConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass
class SiteConfig:
    """What the generator takes from mkdocs.yml: the address and the order of pages."""

    site_url: str
    site_name: str
    nav_pages: list[str]
    """Every Markdown page the nav names, in menu order."""
    nav_lines: dict[str, int]


def read_site_config(root: Path) -> tuple[SiteConfig, list[Problem]]:
    path = root / SITE_CONFIG_FILE
    if not path.exists():
        return SiteConfig("", "", [], {}), [
            Problem(
                SITE_CONFIG_FILE,
                0,
                "mkdocs.yml is missing",
                "Restore it from git: it holds the site's settings and menu.",
            )
        ]
    empty = SiteConfig("", "", [], {})
    if refused := unreadable_problem(path, root):
        return empty, [refused]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return empty, [Problem(SITE_CONFIG_FILE, line, "the file is not UTF-8 text", "Save it as UTF-8.")]
    try:
        check_nesting(text)
        try:
            config = yaml.load(text, Loader=_FastConfigLoader) or {}
        except yaml.YAMLError:  # read again by the pure loader, whose messages we word
            config = yaml.load(text, Loader=_ConfigLoader) or {}
    except LimitError as error:
        return empty, [Problem(SITE_CONFIG_FILE, error.line, error.message, error.hint)]
    except RecursionError:
        return empty, [Problem(SITE_CONFIG_FILE, 0, "values nested too deeply to read", "Nest less deeply.")]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        message, hint = _yaml_hint(error, text)
        return empty, [Problem(SITE_CONFIG_FILE, mark.line + 1 if mark else 0, message, hint)]
    except yaml.YAMLError as error:
        return empty, [Problem(SITE_CONFIG_FILE, 0, f"not valid YAML: {error}", "Keep one document in the file.")]
    if not isinstance(config, dict):
        return empty, [
            Problem(
                SITE_CONFIG_FILE,
                1,
                "the top level is not a mapping of settings",
                "Start the file with settings such as 'site_name:' at the left margin.",
            )
        ]
    problems = []
    for name in ("site_url", "site_name"):
        if config.get(name) is not None and not isinstance(config[name], str):
            problems.append(
                Problem(
                    SITE_CONFIG_FILE,
                    _setting_line(text, name),
                    f"{name} is {config[name]!r}, not text",
                    f'Write it as text in quotes, e.g. {name}: "https://example.org/guide/".',
                )
            )
    site_url = config.get("site_url")
    if isinstance(site_url, str) and site_url and not re.match(r"https?://[^\s<>\"'`]+\Z", site_url):
        problems.append(
            Problem(
                SITE_CONFIG_FILE,
                _setting_line(text, "site_url"),
                f"site_url {site_url[:80]!r} is not a web address",
                "Give the full address the site will have, starting https://, or leave site_url out.",
            )
        )
    if not isinstance(config.get("nav", []), list):
        problems.append(
            Problem(
                SITE_CONFIG_FILE,
                _setting_line(text, "nav"),
                "nav is not a list of pages",
                "Write it as a list: '- Home: index.md', one page a line.",
            )
        )
    if problems:
        return empty, problems
    pages: list[str] = []

    def walk(node):
        if isinstance(node, str):
            pages.append(node)
        elif isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict):
            for child in node.values():
                walk(child)

    walk(config.get("nav", []))
    lines: dict[str, int] = {}
    listed = set(pages)
    for number, text_line in enumerate(text.splitlines(), start=1):
        for page in re.findall(r"[^\s:'\"]+\.md\b", text_line):
            if page in listed:
                lines.setdefault(page, number)
    return SiteConfig(config.get("site_url") or "", config.get("site_name") or "", pages, lines), []


def _setting_line(text: str, name: str) -> int:
    """The line of a top-level setting of mkdocs.yml, 0 if it cannot be found."""
    found = re.search(rf"^{re.escape(name)}\s*:", text, re.MULTILINE)
    return text.count("\n", 0, found.start()) + 1 if found else 0
