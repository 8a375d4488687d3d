"""User-facing errors: one exception family, each problem tied to a place in a file.

A `Problem` prints as ``file:line:col: message`` (the fontTools feaLib pattern), so editors
and terminals can jump to it. Tracebacks are only for bugs, never for a user's mistake.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class SourceLocation:
    file: str
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass(frozen=True)
class Problem:
    message: str
    location: SourceLocation | None = None
    fix: str | None = None  # a concrete suggestion, printed after the message
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        text = self.message if self.fix is None else f"{self.message} ({self.fix})"
        prefix = f"{self.location}: " if self.location else ""
        label = "" if self.severity == "error" else f"{self.severity}: "
        return f"{prefix}{label}{text}"


class CfpError(Exception):
    """A mistake the user can fix: bad input, unknown name, missing field."""

    def __init__(self, message: str, location: SourceLocation | None = None, fix: str | None = None):
        self.problem = Problem(message, location, fix)
        super().__init__(str(self.problem))


@dataclass
class Problems:
    """Collects every problem first, so the user sees them all at once (the mkdocs habit)."""

    items: list[Problem] = field(default_factory=list)

    def add(self, message: str, location: SourceLocation | None = None, fix: str | None = None,
            severity: str = "error") -> None:
        self.items.append(Problem(message, location, fix, severity))

    def extend(self, other: "Problems | list[Problem]") -> None:
        self.items.extend(other.items if isinstance(other, Problems) else other)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity != "error"]

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self):
        return iter(self.items)


def relpath(path: Path | str, root: Path | None = None) -> str:
    """Paths in messages are relative to the project, as the user typed them."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to((root or Path.cwd()).resolve()))
    except ValueError:
        return str(path)
