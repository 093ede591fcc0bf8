"""The rules of each content file, declared once as JSON Schema.

The same schema files serve editors (autocomplete and red squiggles through the
`yaml-language-server` line at the top of each content file) and the validator here,
which turns jsonschema's findings into messages for the people who write the content.

Most files are valid, so in a guide with many files of a kind each is first checked by a
compiled validator (fastjsonschema, some twenty times quicker); only a file it rejects goes
through jsonschema, whose detailed findings the messages are made from. The compiled check
may only be stricter, never laxer: a file it rejects that jsonschema accepts simply has no
problems. Whether to compile is the caller's choice from the content it holds
(`compile_for`), so the same content is checked the same way in any process.

With a session that remembers, a warm run (nothing changed) repeats neither: the compiled
validator's Python bytecode is kept in the session (`_remembered_validator`), so a large
guide's run neither generates nor compiles it again; and a file checked without it (a kind
the guide has few files of) keeps its problems in the session by the file's key, so an
unchanged file is not checked again and a changed one costs one jsonschema check, never a
compile.
"""

from __future__ import annotations

import hashlib
import json
import marshal
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from generator.errors import Problem, did_you_mean
from generator.load import line_of
from generator.session import Session

SCHEMA_DIR = Path(__file__).parent
KINDS = (
    "theme",
    "checklist",
    "report",
    "sources",
    "case-study",
    "tips",
    "figures",
    "glossary",
    "lint",
    "guide",
    "workshop",
)

_TYPE_WORDS = {
    "string": "text",
    "array": "a list",
    "object": "a mapping of keys",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty",
}


def _type_word(value) -> str:
    """What YAML made of the value, in the words of the type messages."""
    if isinstance(value, bool):
        return "true or false"
    for kind, word in (
        (type(None), "empty"),
        (dict, "a mapping of keys"),
        (list, "a list"),
        (str, "text"),
        (int, "a whole number"),
        (float, "a number"),
    ):
        if isinstance(value, kind):
            return word
    return f"a {type(value).__name__}"


@cache
def _validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(_inlined(kind))


COMPILE_AFTER = 50
"""Files of one kind a guide must have before they are checked by the compiled validator
first: compiling costs some 30 ms a schema, which only a large guide wins back."""


def compile_for(files: int) -> bool:
    """Whether `files` files of one kind are worth the compiled check."""
    return files > COMPILE_AFTER


def _draft7(kind: str) -> dict:
    """The schemas use only keywords that draft 7 shares with 2020-12 (type, properties,
    required, items, pattern, enum, limits), so the compiled check reads them as draft 7."""
    schema = {key: value for key, value in _inlined(kind).items() if key not in ("$schema", "$id", "$defs")}
    return schema | {"$schema": "http://json-schema.org/draft-07/schema#"}


@cache
def _fast_validator(kind: str):
    """The same schema compiled to Python."""
    return fastjsonschema.compile(_draft7(kind))


@cache
def _schema_files() -> str:
    """A digest of every schema file: part of a remembered validator's session key."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()


_REMEMBERED: dict[str, Callable] = {}
"""The validators made from a session's code in this process, by session key."""


def _remembered_validator(kind: str, session: Session) -> Callable:
    """The compiled validator of `kind`, its Python bytecode kept in the session (keyed by
    the schema files, fastjsonschema's version and, through the session, the engine and
    Python): generating and compiling it is most of its cost, and a warm run pays neither."""
    key = session.key("schema-code", kind, fastjsonschema.VERSION, _schema_files())
    if key in _REMEMBERED:
        session.touch(key)  # used by this run: kept by `finish`
        return _REMEMBERED[key]

    def make() -> bytes:
        return marshal.dumps(compile(fastjsonschema.compile_to_code(_draft7(kind)), f"<schema {kind}>", "exec"))

    try:
        namespace: dict = {}
        exec(marshal.loads(session.through(key, make)), namespace)
        validator = namespace["validate"]
    except (ValueError, EOFError, TypeError, KeyError):  # a torn or foreign entry: compiled here instead
        validator = _fast_validator(kind)
    _REMEMBERED[key] = validator
    return validator


@cache
def _documents() -> tuple[dict, Any]:
    """Every schema file, read once a process, and a resolver of references between them."""
    documents = {
        path.name: json.loads(path.read_text(encoding="utf-8")) for path in sorted(SCHEMA_DIR.glob("*.schema.json"))
    }
    registry = Registry().with_resources((name, Resource.from_contents(schema)) for name, schema in documents.items())
    return documents, registry.resolver()


@cache
def _inlined(kind: str) -> dict:
    """The schema of `kind` with its references to other schema files written out in place.

    Resolving a `$ref` through the registry on every value made validation most of the
    cost of `check` on a large guide; the files stay as editors' tools read them.
    """
    documents, resolver = _documents()

    def inline(node, base: str):
        if isinstance(node, list):
            return [inline(item, base) for item in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            reference = node["$ref"]
            target = base + reference if reference.startswith("#") else reference
            resolved = resolver.lookup(target)
            siblings = {key: value for key, value in node.items() if key != "$ref"}
            return inline(resolved.contents, target.split("#")[0]) | siblings
        return {key: inline(value, base) for key, value in node.items()}

    name = f"{kind}.schema.json"
    return inline(documents[name], name)


def _describe(path) -> str:
    """A field's place in words: 'items, item 3, themes'."""
    words = []
    for step in path:
        words.append(f"item {step + 1}" if isinstance(step, int) else str(step))
    return ", ".join(words) if words else "the file"


def _locate(data, path) -> int:
    """The line of the value at `path`, walking the Located containers."""
    container, line = data, line_of(data)
    for step in path:
        try:
            line = line_of(container, step) or line
            container = container[step]
        except (KeyError, IndexError, TypeError):
            break
    return line


def check(
    data, kind: str, shown_path: str, compiled: bool = False, session: Session | None = None, digest: str = ""
) -> list[Problem]:
    """Every way `data` breaks the schema of `kind`, as Problems naming file and line.

    `compiled`: try the compiled validator first (see `compile_for`); the problems are the same.
    With a `session` that remembers, the compiled validator's code comes from it; and, with
    the file's `digest` (its session key), so do the problems of a file checked without it.
    """
    remembering = session is not None and session.remember
    if compiled:
        validator = _remembered_validator(kind, session) if session is not None and remembering else None
        try:
            (validator or _fast_validator(kind))(data)
            return []
        except fastjsonschema.JsonSchemaException:
            pass  # jsonschema finds out exactly what is wrong, for the message
    elif session is not None and remembering and digest:
        key = session.key("schema", kind, _schema_files(), shown_path, digest)
        return list(session.through(key, lambda: _problems(data, kind, shown_path)))
    return _problems(data, kind, shown_path)


def _problems(data, kind: str, shown_path: str) -> list[Problem]:
    """jsonschema's findings, in words."""
    problems = []
    for error in _validator(kind).iter_errors(data):
        path = list(error.absolute_path)
        where = _describe(path)
        line = _locate(data, path)
        rule, expected, value = error.validator, error.validator_value, error.instance
        if rule == "required":
            for name in expected:
                if isinstance(value, dict) and name not in value:
                    problems.append(
                        Problem(
                            shown_path,
                            line_of(value) or line,
                            f"missing required field {name!r}" + ("" if not path else f" in {where}"),
                            f"Add '{name}:' with its value.",
                        )
                    )
        elif rule == "additionalProperties" and isinstance(value, dict):
            allowed = list(error.schema.get("properties", {}))
            for name in value:
                if name not in allowed:
                    suggestion = did_you_mean(str(name), allowed)
                    problems.append(
                        Problem(
                            shown_path,
                            line_of(value, name),
                            f"unknown field {name!r}" + ("" if not path else f" in {where}"),
                            (suggestion[0].upper() + suggestion[1:] + " " if suggestion else "")
                            + "Allowed here: "
                            + ", ".join(allowed)
                            + ".",
                        )
                    )
        elif rule == "type":
            wanted = _TYPE_WORDS.get(expected, expected)
            hint = {
                "text": "Write it as text; put it in quotes if it looks like a number, a date, yes/no or true/false.",
                "a list": "Write each item on its own line, starting with '- '.",
                "a mapping of keys": "Write 'key: value' lines indented under it.",
            }.get(wanted, f"Write {wanted} here.")
            problems.append(Problem(shown_path, line, f"{where} should be {wanted}, not {_type_word(value)}", hint))
        elif rule == "enum":
            suggestion = did_you_mean(str(value), expected)
            problems.append(
                Problem(
                    shown_path,
                    line,
                    f"{where} is {value!r}, which is not one of the allowed values",
                    (suggestion[0].upper() + suggestion[1:] + " " if suggestion else "")
                    + "Allowed: "
                    + ", ".join(repr(choice) for choice in expected)
                    + ".",
                )
            )
        elif rule == "pattern":
            description = error.schema.get("description", "")
            problems.append(
                Problem(
                    shown_path,
                    line,
                    f"{where} is {value!r}, which is not in the expected form",
                    description or f"It must match {expected}.",
                )
            )
        elif rule == "minLength":
            problems.append(Problem(shown_path, line, f"{where} is empty", "Write the text, or remove the field."))
        elif rule == "minItems":
            problems.append(
                Problem(
                    shown_path,
                    line,
                    f"{where} is an empty list",
                    "Add at least one item, each on its own line starting with '- '.",
                )
            )
        elif rule in ("minimum", "maximum"):
            problems.append(
                Problem(
                    shown_path,
                    line,
                    f"{where} is {value!r}, which is out of range",
                    f"Use a value {'at least' if rule == 'minimum' else 'at most'} {expected}.",
                )
            )
        else:
            problems.append(Problem(shown_path, line, f"{where}: {error.message}", ""))
    return problems
