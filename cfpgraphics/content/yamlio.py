"""Reading YAML the way real editors write it, and remembering where every value came from.

Volunteers save files with Notepad, Word, Google Docs exports and phone editors: UTF-8 with or
without a BOM, UTF-16 from Windows tools, CRLF line ends, tabs. All of these load. Mistakes
come back as `CfpError`s with file, line and column, and a fix in plain words.

Files come from a shared drop folder, so they are read defensively: regular files inside the
project only (no FIFOs, devices, link loops or links leading out), at most `MAX_BYTES`, at most
`MAX_DEPTH` levels of nesting and `MAX_NODES` values once YAML aliases are expanded (an alias
bomb is a few hundred bytes), no control characters. Each of these is one located problem
for that file alone. Content files are read with `text_only=True`: every value is the text
exactly as typed (`1:30`, `012`, `3.50`, `0x1F`, `+5` stay as written), only an empty value is
null.
"""
from __future__ import annotations

import codecs
import os
import re
import stat as stat_module
from pathlib import Path
from typing import Any

import yaml
import yaml.composer
import yaml.constructor
import yaml.resolver

try:
    import yaml.cyaml
except ImportError:  # PyYAML without libyaml: the Python parser alone
    pass

from .diagnostics import CfpError, SourceLocation, relpath
from .files import kind_of, read_at_most
from .yaml_mistakes import curly_warning, curly_wrapped, explain


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


def _empty(kind: type, where: SourceLocation) -> "LocatedDict | LocatedList":
    """An empty mapping or list that places its (absent) items where its parent's key is."""
    empty = kind()
    empty.file, empty.start = where.file, (where.line or 1, where.column or 1)
    empty.key_marks, empty.value_marks = {}, {}
    return empty


def section(data: LocatedDict, key: str, problems, message: str, fix: str | None = None,
            kind: type = dict) -> "LocatedDict | LocatedList":
    """A part of a file that must be a mapping (`palette:`, `faces:` ...) or a list (`kind=list`).
    Left out or empty, it is empty; anything else is reported at its line and read as empty,
    so the rest of the file still loads and every problem is reported at once."""
    value = data.get(key)
    located = LocatedDict if kind is dict else LocatedList
    if isinstance(value, located):
        return value
    if value is not None and value != "":
        problems.add(message, data.where(key), fix=fix)
    return _empty(located, data.where(key))


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


    _depth = 0
    _weights: dict

    def compose_node(self, parent, index):
        """Composition with limits: nesting depth, and the number of values the document
        stands for once every alias is expanded (counted per node, so it costs nothing)."""
        if self._depth >= MAX_DEPTH:
            mark = self.peek_event().start_mark
            raise CfpError(f"this file nests lists or fields more than {MAX_DEPTH} levels deep",
                           SourceLocation(self.file, mark.line + 1, mark.column + 1), code="too-deep",
                           fix="a content file is `field: text` lines, with lists at most a few levels deep")
        self._depth += 1
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        weights = self.__dict__.setdefault("_weights", {})
        weight = weights.get(id(node))
        if weight is None:
            if isinstance(node, yaml.SequenceNode):
                weight = 1 + sum(weights.get(id(child), 1) for child in node.value)
            elif isinstance(node, yaml.MappingNode):
                weight = 1 + sum(weights.get(id(k), 1) + weights.get(id(v), 1) for k, v in node.value)
            else:
                weight = 1
            weights[id(node)] = weight
            if weight > MAX_NODES:
                raise CfpError(f"this file stands for more than {MAX_NODES:,} values once its YAML aliases "
                               "(&name / *name) are repeated out", SourceLocation(self.file, *_mark(node)),
                               code="alias-bomb", fix="write the text out instead of repeating it with aliases")
        return node


MAX_BYTES = 1 << 20  # a content file is a few kB; anything near a megabyte is the wrong file
MAX_DEPTH = 32
MAX_NODES = 100_000

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


class _TextLoader(_Loader):
    """For content files: every plain value is text as typed; only an empty value is null.
    A value typed between curly quotes (“95%”, «95%») is text with those quotes in it; where
    that happens is kept, so the volunteer is told they will be printed."""

    def construct_scalar(self, node):
        value = super().construct_scalar(node)
        if not node.style and isinstance(value, str) and curly_wrapped(value):  # plain: None, or "" from libyaml
            self.__dict__.setdefault("curly", []).append((node.start_mark.line, node.start_mark.column, value))
        return value


_TextLoader.yaml_implicit_resolvers = {"": [("tag:yaml.org,2002:null", re.compile(r"^$"))]}

class _LibyamlEvents:
    """The YAML events from libyaml's C parser (when PyYAML has it), everything else as above:
    the composition with its limits, the located constructors and the resolvers are the same
    Python code. Parsing is most of a no-op build's time; in C it is several times faster."""

    def __init__(self, stream):
        self._events = yaml.cyaml.CParser(stream)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)

    def check_event(self, *choices):
        return self._events.check_event(*choices)

    def peek_event(self):
        return self._events.peek_event()

    def get_event(self):
        return self._events.get_event()

    def dispose(self):
        self._events.dispose()


_FAST = {}
if getattr(yaml, "__with_libyaml__", False):
    _FAST = {_Loader: type("_FastLoader", (_LibyamlEvents, _Loader), {}),
             _TextLoader: type("_FastTextLoader", (_LibyamlEvents, _TextLoader), {})}

# Characters YAML does not allow in a file, named the way a volunteer would recognise them.
_NOT_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")
_CONTROL_NAMES = {
    "\x00": "a NUL character (an empty byte, often left by a broken copy or a UTF-16 save)",
    "\x0b": "a vertical tab (Word's Shift+Enter line break)",
    "\x0c": "a form feed (a page break)",
    "\x1a": "an end-of-file mark (Ctrl-Z)",
    "\x1b": "an escape character",
    "\ufffe": "the non-character U+FFFE (a byte-order mark read backwards)",
    "\uffff": "the non-character U+FFFF",
}


# Control characters a text value may not carry however they got in: a YAML escape ("\0",
# "\x1b", "\v" in double quotes) or a PO entry. Tabs and new lines are fine; nothing else below
# U+0020, DEL, the C1 controls and the two non-characters.
_CONTROL_IN_VALUE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")


def control_in_value(text: str) -> str | None:
    """The name of the first control character in a text value, for a message; None if none."""
    match = _CONTROL_IN_VALUE.search(text)
    if not match:
        return None
    char = match.group()
    return _CONTROL_NAMES.get(char, f"an invisible control character (U+{ord(char):04X})")


def check_characters(text: str, file: str) -> None:
    """Refuse invisible control characters, at their line:column, before YAML sees them."""
    match = _NOT_PRINTABLE.search(text)
    if not match:
        return
    char = match.group()
    line = text.count("\n", 0, match.start()) + 1
    column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    name = _CONTROL_NAMES.get(char, f"an invisible control character (U+{ord(char):04X})")
    fix = ("replace it with a normal line break (Enter), or a space" if char in "\x0b\x0c"
           else "delete it; your editor may show it as a box, a symbol or nothing at all")
    raise CfpError(f"this file contains {name}", SourceLocation(file, line, column), fix=fix, code="control-character")


def _utf16_without_bom(data: bytes) -> bool:
    """Mostly-ASCII text saved as UTF-16 without a BOM: every other byte is zero."""
    sample = data[:4096]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    return even.count(0) > len(even) * 0.4 or odd.count(0) > len(odd) * 0.4


def decode_text(data: bytes, file: str) -> str:
    """Bytes -> text for UTF-8 (with or without BOM) and UTF-16 (with BOM) files."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16").replace("\r\n", "\n")
        except UnicodeDecodeError:
            raise CfpError("this file starts like UTF-16 but is not valid UTF-16", SourceLocation(file, 1, 1),
                           fix="open it in your editor and save it again with the encoding 'UTF-8'",
                           code="encoding") from None
    elif _utf16_without_bom(data):
        raise CfpError("this file is saved as UTF-16 without a byte-order mark", SourceLocation(file, 1, 1),
                       fix="open it in your editor and save it again with the encoding 'UTF-8'", code="encoding")
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


def _reader(kind: type):
    """Reading a whole text with one loader class, for mending a line and reading again."""
    def load(text: str) -> Any:
        loader = kind(text)
        loader.file = "?"
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    return load


def _noted(loader, text: str, file: str, problems) -> Any:
    """The loader's document; what it noticed in passing (curly quotes) is added to `problems`."""
    data = loader.get_single_data()
    if problems is not None:
        for line, column, value in getattr(loader, "curly", ()):
            problems.items.append(curly_warning(text, file, line, column, value))
    return data


def parse_yaml(text: str, file: str, text_only: bool = False, problems=None) -> Any:
    """The document in `text`, every mapping and list Located. A mistake raises a CfpError at its
    line; warnings (a content value between curly quotes) go to `problems` when it is given."""
    check_characters(text, file)
    kind = _TextLoader if text_only else _Loader
    fast = _FAST.get(kind)
    if fast is not None:
        loader = fast(text)
        loader.file = file
        try:
            return _noted(loader, text, file, problems)
        except yaml.YAMLError:
            pass  # a syntax error: read again below, for PyYAML's own place
        finally:
            loader.dispose()
    loader = kind(text)
    loader.file = file
    try:
        return _noted(loader, text, file, problems)
    except CfpError:
        raise
    except yaml.YAMLError as exc:
        # PyYAML's words and place are for programmers: find the line with the mistake and say it plainly
        loads = [_reader(fast), _reader(kind)] if fast is not None else [_reader(kind)]
        raise explain(text, file, exc, loads, _HINTS) from None
    except RecursionError:  # not reachable with MAX_DEPTH, kept as the last line of defence
        raise CfpError("this file nests too deeply to read", SourceLocation(file), code="too-deep") from None
    finally:
        loader.dispose()


def inside(resolved: Path, root: Path) -> bool:
    """Whether a path with its links resolved lies inside the project `root`."""
    return resolved.is_relative_to(Path(root).resolve())


def links_out(path: Path, root: Path) -> bool:
    """Whether `path` is a link (to a folder, say) that leads outside the project; a broken
    link or a loop counts as leading out, since nothing inside can be read through it."""
    if not os.path.islink(path):
        return False
    try:
        return not inside(Path(path).resolve(strict=True), root)
    except (OSError, RuntimeError):
        return True


def read_source(path: Path, root: Path | None = None, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file inside the project, at most `limit` of them. Never blocks
    (a FIFO), never reads a device or a link loop, never follows a link out of `root`."""
    file = relpath(path, root)
    where = SourceLocation(file)
    try:
        info = os.lstat(path)
    except OSError as exc:
        raise CfpError(f"cannot read file: {exc.strerror}", where, code="unreadable") from None
    target = Path(path)
    if stat_module.S_ISLNK(info.st_mode):
        try:
            target = Path(path).resolve(strict=True)
        except (OSError, RuntimeError):
            raise CfpError("this file is a link that leads nowhere (a broken link, or a loop)", where,
                           fix="replace the link with the file itself", code="bad-link") from None
        if root is not None and not inside(target, root):
            raise CfpError("this file is a link to a file outside the project; only files inside it are read",
                           where, fix="copy the file into the project instead of linking to it",
                           code="link-outside") from None
        info = os.stat(target)
    _require_regular(info, where, limit)
    try:
        fd = os.open(target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
                     | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise CfpError(f"cannot read file: {exc.strerror}", where, code="unreadable") from None
    try:
        _require_regular(os.fstat(fd), where, limit)  # the same file we checked, not a swapped one
        data = read_at_most(fd, limit)
    except OSError as exc:
        raise CfpError(f"cannot read file: {exc.strerror}", where, code="unreadable") from None
    finally:
        os.close(fd)
    if len(data) > limit:
        _too_large(where, limit)
    return data


def _too_large(where: SourceLocation, limit: int):
    raise CfpError(f"this file is larger than {limit // (1 << 20) or 1} MB; a content file is a few kB, "
                   "a PO file of the whole campaign a few dozen", where, fix="is it the right file? save only the text fields in it", code="too-large")


def _require_regular(info: os.stat_result, where: SourceLocation, limit: int) -> None:
    mode = info.st_mode
    if stat_module.S_ISREG(mode):
        if info.st_size > limit:
            _too_large(where, limit)
        return
    raise CfpError(f"this is {kind_of(mode)}, not a file", where, fix="replace it with an ordinary text file",
                   code="not-a-file")


def load_yaml(path: Path, root: Path | None = None, text_only: bool = False, problems=None) -> Any:
    """Load a YAML file; every mapping/list in the result is Located. Warnings go to `problems`."""
    file = relpath(path, root)
    return parse_yaml(decode_text(read_source(path, root), file), file, text_only, problems)


def expect_mapping(value: Any, file: str, what: str) -> LocatedDict:
    if isinstance(value, LocatedDict):
        return value
    if value is None:
        raise CfpError(f"{what} is empty", SourceLocation(file, 1, 1),
                       fix="it should contain lines of the form `field: value`")
    where = value.where() if isinstance(value, Located) else SourceLocation(file, 1, 1)
    raise CfpError(f"{what} should be a list of `field: value` lines", where)


def load_mapping(path: Path, root: Path | None, what: str, problems, text_only: bool = False) -> LocatedDict | None:
    """A YAML file that must be `field: value` lines; on a mistake the problem is recorded in
    `problems` and None returned, so the caller skips just this file."""
    try:
        return expect_mapping(load_yaml(path, root, text_only, problems), relpath(path, root), what)
    except CfpError as exc:
        problems.items.append(exc.problem)
        return None
