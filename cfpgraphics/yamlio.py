"""Reading YAML the way real editors write it, and remembering where every value came from.

Volunteers save files with Notepad, Word, Google Docs exports and phone editors: UTF-8 with or
without a BOM, UTF-16 from Windows tools, CRLF line ends, tabs. All of these load. Mistakes
come back as `CfpError`s with file, line and column, and a fix in plain words.
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

import yaml

from .errors import CfpError, SourceLocation, relpath


class Located:
    """Mixin for mappings and lists that know where their items are in the source file."""

    file: str = "?"
    start: tuple[int, int] = (1, 1)
    key_marks: dict
    value_marks: dict

    def where(self, key: Any = None, *, value: bool = True) -> SourceLocation:
        """Location of an item's value (or its key), else of the container itself."""
        marks = self.value_marks if value else self.key_marks
        line, col = marks.get(key, self.key_marks.get(key, self.start))
        return SourceLocation(self.file, line, col)


class LocatedDict(dict, Located):
    pass


class LocatedList(list, Located):
    pass


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Loader(yaml.SafeLoader):
    """SafeLoader whose mappings and sequences record line:column of every item."""

    file = "?"

    def construct_mapping(self, node, deep=False):  # noqa: D401 - yaml API
        if not isinstance(node, yaml.MappingNode):
            return super().construct_mapping(node, deep)
        self.flatten_mapping(node)
        result = LocatedDict()
        result.file, result.start = self.file, _mark(node)
        result.key_marks, result.value_marks = {}, {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                raise CfpError("a key must be a plain word", SourceLocation(self.file, *_mark(key_node)))
            if key in result:
                raise CfpError(f"'{key}' is written twice in this file; keep one",
                               SourceLocation(self.file, *_mark(key_node)))
            result[key] = self.construct_object(value_node, deep=True)
            result.key_marks[key] = _mark(key_node)
            result.value_marks[key] = _mark(value_node)
        return result

    def construct_sequence(self, node, deep=False):
        result = LocatedList(self.construct_object(child, deep=True) for child in node.value)
        result.file, result.start = self.file, _mark(node)
        result.key_marks = {}
        result.value_marks = {i: _mark(child) for i, child in enumerate(node.value)}
        return result


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_sequence)
# YAML 1.2 booleans only: "yes", "no", "on", "Norway's NO" and dates stay the text the user
# wrote (values here are mostly copy); only true/false are booleans.
for _first, _resolvers in list(_Loader.yaml_implicit_resolvers.items()):
    _Loader.yaml_implicit_resolvers[_first] = [
        (tag, regexp) for tag, regexp in _resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
    ]
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))


def decode_text(data: bytes, file: str) -> str:
    """Bytes -> text for UTF-8 (with or without BOM) and UTF-16 (with BOM) files."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16").replace("\r\n", "\n")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise CfpError(
            "this file is not saved as UTF-8", SourceLocation(file, line, column),
            fix="open it in your editor and save it again with the encoding 'UTF-8'",
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


_HINTS = {
    "mapping values are not allowed here": (
        "a line of text contains ': ' (a colon and a space), which YAML reads as a new field",
        "put the whole text in double quotes, or write `field: |` and the text on the next "
        "line, indented",
    ),
    "found character '\\t' that cannot start any token": (
        "a tab is used to indent this line",
        "indent with spaces instead of a tab",
    ),
    "could not find expected ':'": (
        "this line is not `field: text`",
        "check the line above for a missing closing quote, or add `field:` before the text",
    ),
    "found unexpected end of stream": (
        "the file ends inside quoted text",
        "add the closing quote to the text that starts here",
    ),
}


def parse_yaml(text: str, file: str) -> Any:
    loader = _Loader(text)
    loader.file = file
    try:
        return loader.get_single_data()
    except CfpError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        location = SourceLocation(file, mark.line + 1, mark.column + 1) if mark else SourceLocation(file)
        problem = exc.problem or "invalid YAML"
        message, fix = _HINTS.get(problem, (f"YAML syntax error: {problem}", None))
        if problem.startswith("found character '\\t'"):
            message, fix = _HINTS["found character '\\t' that cannot start any token"]
        raise CfpError(message, location, fix) from None
    except yaml.YAMLError as exc:
        raise CfpError(f"YAML syntax error: {exc}", SourceLocation(file)) from None
    finally:
        loader.dispose()


def load_yaml(path: Path, root: Path | None = None) -> Any:
    """Load a YAML file; every mapping/list in the result is Located."""
    file = relpath(path, root)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CfpError(f"cannot read file: {exc.strerror}", SourceLocation(file)) from None
    return parse_yaml(decode_text(data, file), file)


def expect_mapping(value: Any, file: str, what: str) -> LocatedDict:
    if isinstance(value, LocatedDict):
        return value
    if value is None:
        raise CfpError(f"{what} is empty", SourceLocation(file, 1, 1),
                       fix="it should contain lines of the form `field: value`")
    where = value.where() if isinstance(value, Located) else SourceLocation(file, 1, 1)
    raise CfpError(f"{what} should be a list of `field: value` lines", where)


def load_mapping(path: Path, root: Path | None, what: str, problems) -> LocatedDict | None:
    """A YAML file that must be `field: value` lines; on a mistake the problem is recorded in
    `problems` and None returned, so the caller skips just this file."""
    try:
        return expect_mapping(load_yaml(path, root), relpath(path, root), what)
    except CfpError as exc:
        problems.items.append(exc.problem)
        return None
