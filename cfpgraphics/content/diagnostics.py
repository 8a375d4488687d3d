"""Diagnostics: every problem a user can cause is one record with a code, a place and a fix.

A `Diagnostic` prints as ``file:line:col: message (fix)`` (the fontTools feaLib pattern), so
editors and terminals can jump to it. Layout problems also name the output and element
(``[es/stat/story.png: statement]``). Loading, validation and layout all make the same record,
so `check` and `build` report the very same list. Tracebacks are only for bugs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class SourceLocation:
    file: str
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based

    def __str__(self) -> str:
        parts = [shown(self.file)]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass(frozen=True)
class LayoutLocation:
    """Where in a laid-out graphic: the output (graphic, language, size, page) and element."""

    graphic: str
    lang: str
    size: str
    element: str
    page: int | None = None

    @property
    def output(self) -> str:
        stem = self.size if self.page is None else f"{self.size}-{self.page}"
        return f"{self.lang}/{self.graphic}/{stem}.png"

    def __str__(self) -> str:
        return f"{self.output}: {self.element}"


@dataclass(frozen=True)
class Diagnostic:
    message: str
    location: SourceLocation | None = None
    fix: str | None = None  # a concrete suggestion, printed after the message
    severity: str = ERROR  # error | warning
    code: str = "invalid"  # a stable name for the kind of problem: overflow, yaml-syntax ...
    layout: LayoutLocation | None = None  # for layout problems: which output and element

    def __str__(self) -> str:
        """One line a terminal shows as it is: names from the disk are escaped (`shown`)."""
        text = shown(self.message if self.fix is None else f"{self.message} ({self.fix})")
        prefix = f"{self.location}: " if self.location else ""
        label = "" if self.severity == ERROR else f"{self.severity}: "
        suffix = f" [{self.layout}]" if self.layout else ""
        return f"{prefix}{label}{text}{suffix}"

    def as_warning(self) -> "Diagnostic":
        return Diagnostic(self.message, self.location, self.fix, WARNING, self.code, self.layout)

    def to_record(self) -> dict:
        """Everything, as plain JSON values (kept in the manifest for outputs not re-rendered)."""
        loc, where = self.location, self.layout
        return {"code": self.code, "severity": self.severity, "message": shown(self.message),
                "fix": _shown_or_none(self.fix), "file": shown(loc.file) if loc else None, "line": loc.line if loc else None,
                "column": loc.column if loc else None,
                "layout": [where.graphic, where.lang, where.size, where.element, where.page] if where else None}

    @classmethod
    def from_record(cls, record: dict) -> "Diagnostic":
        loc = SourceLocation(record["file"], record.get("line"), record.get("column")) if record.get("file") else None
        where = LayoutLocation(*record["layout"]) if record.get("layout") else None
        return cls(record["message"], loc, record.get("fix"), record.get("severity", ERROR),
                   record.get("code", "invalid"), where)

    def to_json(self) -> dict:
        return {"code": self.code, "severity": self.severity,
                "location": str(self.location) if self.location else None,
                "output": self.layout.output if self.layout else None,
                "element": self.layout.element if self.layout else None,
                "message": shown(self.message), "fix": _shown_or_none(self.fix)}


def _shown_or_none(text: str | None) -> str | None:
    return None if text is None else shown(text)


class CfpError(Exception):
    """A mistake the user can fix, raised where collecting is not possible (a bad argument)."""

    def __init__(self, message: str, location: SourceLocation | None = None, fix: str | None = None,
                 code: str = "invalid"):
        self.diagnostic = Diagnostic(message, location, fix, ERROR, code)
        super().__init__(str(self.diagnostic))

    @property
    def problem(self) -> Diagnostic:
        return self.diagnostic


@dataclass
class Diagnostics:
    """Collects every problem first, so the user sees them all at once (the mkdocs habit)."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, message: str, location: SourceLocation | None = None, fix: str | None = None,
            severity: str = ERROR, code: str = "invalid", layout: LayoutLocation | None = None) -> None:
        self.items.append(Diagnostic(message, location, fix, severity, code, layout))

    def extend(self, other: "Diagnostics | list[Diagnostic]") -> None:
        self.items.extend(other.items if isinstance(other, Diagnostics) else other)

    @property
    def errors(self) -> list[Diagnostic]:
        return [p for p in self.items if p.severity == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [p for p in self.items if p.severity != ERROR]

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def relpath(path: Path | str, root: Path | None = None) -> str:
    """Paths in messages are relative to the project, as the user typed them."""
    path = Path(path)
    base = root or Path.cwd()
    try:  # a path the project's own walk made: its name below the root, with no system calls
        relative = path.relative_to(base)
        if ".." not in relative.parts:
            return str(relative)
    except ValueError:
        pass
    base = base.resolve()
    try:  # the name as the user sees it in the folder: a link is named, not where it leads
        return str((path.parent.resolve() / path.name).relative_to(base))
    except (ValueError, RuntimeError, OSError):
        return str(path)


# What a terminal would act on or a JSON encoder refuses in a name: control characters (an
# escape sequence recolours the terminal; a new line fakes another message), line and paragraph
# separators, and the lone surrogates Python makes of bytes that are not UTF-8 in a file name.
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def shown(text: str) -> str:
    """`text` with what a terminal or JSON cannot show escaped, as Python writes it: `\\x1b`,
    `\\n`; a byte that is not UTF-8 (surrogate-escaped, U+DC80..U+DCFF) as the byte: `\\xff`."""
    def escape(match: re.Match) -> str:
        char = match.group()
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:
            return f"\\x{code - 0xDC00:02x}"
        return char.encode("unicode_escape").decode("ascii") if code < 0x100 else f"\\u{code:04x}"
    return _UNSHOWABLE.sub(escape, text)


OVERFLOW_CODES = ("overflow", "safe-zone")  # errors that --allow-overflow turns into warnings


def relax_overflow(diagnostics, allow: bool) -> list[Diagnostic]:
    """With --allow-overflow, overflow and safe-zone errors are reported as warnings."""
    return [d.as_warning() if allow and d.code in OVERFLOW_CODES else d for d in diagnostics]
