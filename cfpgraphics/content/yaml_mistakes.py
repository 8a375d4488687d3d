"""A YAML syntax error, told in one plain sentence at the line where the mistake is.

PyYAML stops where it can no longer read on, in its own words (`expected <block end>, but found
'<scalar>'`): after an unclosed quote that is the next field or the end of the file, after a
missing space behind a colon the line below. Volunteers need the line they got wrong and what to
type there. So the text is looked at again: every line up to the place PyYAML stopped is checked
for the mistakes people make (a quote opened and never closed or closed with a curly quote, a tab
or stray spaces at the start, no space after `field:`, a `- ` where no list is, text that must
be quoted), and a mistake is only blamed when mending that one line lets the file be read (or
read further). What no mending explains gets a plain sentence at the best line there is.
"""
from __future__ import annotations

import re
from typing import Callable

import yaml

from .diagnostics import CfpError, Diagnostic, SourceLocation, WARNING

# Quote marks word processors and keyboards type that YAML does not read as quotes.
CURLY_OPEN = "“”„«»‘’‹›＂"
CURLY_PAIRS = {"“": "”", "”": "”", "„": "“", "«": "»", "»": "«", "‘": "’", "’": "’", "‹": "›", "›": "‹",
               "＂": "＂"}
# What a straight quote was wrongly closed with: a curly quote, or the other straight quote.
WRONG_CLOSERS = {'"': "”“»«„’‘＂″'", "'": "’‘”“\"»«"}
# A text may not start with these unless it is in quotes: YAML reads them as its own marks.
MARKS = "*&!%@`|>[]{},?"

_KEY = r"[A-Za-z_][A-Za-z0-9_-]*"
_LINE = re.compile(rf"(?P<indent>[ \t]*)(?P<dash>-(?:[ \t]+|$))?(?:(?P<key>{_KEY}):(?P<gap>[ \t]*))?(?P<value>.*)")


class _Line:
    """One line cut into what a volunteer sees: indentation, `- `, `field:`, the text."""

    def __init__(self, text: str):
        match = _LINE.fullmatch(text)
        self.text = text
        self.indent, self.dash = match["indent"], match["dash"] or ""
        self.key, self.gap = match["key"], match["gap"] or ""
        self.value = match["value"]
        self.value_col = len(text) - len(self.value)  # 0-based
        self.stripped = text.strip()

    @property
    def content(self) -> bool:
        return bool(self.stripped) and not self.stripped.startswith("#")

    @property
    def key_col(self) -> int:
        """Where the first thing on the line starts: `field:`, `- ` or the text."""
        return len(self.indent) + len(self.dash) if self.key else len(self.indent)


def _show(line: str) -> str:
    """A line as a fix shows it: without its indentation, and cut short in the middle if long."""
    line = line.strip()
    if len(line) <= 72:
        return line
    head, tail = line[:40], line[-28:]
    head = head[: head.rfind(" ")] if " " in head[12:] else head
    tail = tail[tail.find(" ") + 1:] if " " in tail[:-8] else tail
    return f"{head} … {tail}"


def _closing(value: str, quote: str) -> int:
    """The index in `value` (which starts with `quote`) of the quote that closes it, or -1."""
    i = 1
    while i < len(value):
        char = value[i]
        if quote == '"' and char == "\\":
            i += 2
            continue
        if char == quote:
            if quote == "'" and value[i + 1: i + 2] == "'":
                i += 2
                continue
            return i
        i += 1
    return -1


def _double_quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _Finding:
    def __init__(self, line: int, col: int, message: str, fix: str | None, repaired: str | None):
        self.line, self.col, self.message, self.fix, self.repaired = line, col, message, fix, repaired


def _quote_findings(n: int, line: _Line):
    value = line.value
    quote = value[:1]
    if quote not in ('"', "'"):
        return
    prefix = line.text[: line.value_col]
    col = line.value_col
    close = _closing(value, quote)
    if close < 0:
        body = value[1:].rstrip()
        last = body[-1:]
        if last and last in WRONG_CLOSERS[quote]:
            repaired = prefix + quote + body[:-1] + quote
            kind = "a curly quote" if last not in "\"'" else "a different quote"
            yield _Finding(n, col, f"this text starts with a straight quote {quote} but ends with {last} "
                                   f"({kind}), which does not close it",
                           f"type a straight {quote} at the end instead of {last}: {_show(repaired)}", repaired)
        repaired = prefix + quote + body + quote
        yield _Finding(n, col, f"the quote {quote} that starts this text is never closed",
                       f"type a {quote} at the end of the text: {_show(repaired)}", repaired)
        return
    rest = value[close + 1:].strip()
    if rest and not rest.startswith("#"):
        inner = value[1:].rstrip()
        if inner.endswith(quote):
            inner = inner[:-1]
        if quote == '"':
            repaired = prefix + '"' + re.sub(r'(?<!\\)"', r'\\"', inner) + '"'
            fix = f'type \\" for a quote inside the text: {_show(repaired)}'
        else:
            repaired = prefix + _double_quoted(inner.replace("''", "'"))
            fix = f"put the text in double quotes instead: {_show(repaired)}"
        yield _Finding(n, col + close, f"this text contains a {quote} that ends it too early", fix, repaired)


def _line_findings(n: int, line: _Line, hints: dict):
    """The mistakes a single line can show by itself, each with that line mended."""
    if "\t" in line.indent:
        return  # tabs are mended by re-indenting (below)
    yield from _quote_findings(n, line)
    value = line.value
    if line.key and not line.gap and value and value[0] not in "#:":
        repaired = f"{line.indent}{line.dash}{line.key}: {value}"
        yield _Finding(n, len(line.indent) + len(line.dash) + len(line.key),
                       f"there is no space after the colon of '{line.key}:'",
                       f"type a space after the colon: {_show(repaired)}", repaired)
    if not (line.key or line.dash) or not value or value[0] in "\"'#":
        return
    prefix = line.text[: line.value_col]
    text = value.rstrip()
    repaired = prefix + _double_quoted(text)
    first = value[0]
    colon = re.search(r":(\s|$)", text)
    colon_col = line.value_col + colon.start() if colon else line.value_col
    said, how = hints["mapping values are not allowed here"]
    if first in CURLY_OPEN and text[-1:] in CURLY_OPEN + "\"'":
        mended = prefix + _double_quoted(text[1:-1])
        yield _Finding(n, colon_col, said if colon else f"{first} {text[-1]} around a text are not read as quotes",
                       f"{first} {text[-1]} are not read as quotes: type straight double quotes around the text "
                       f"instead: {_show(mended)}", mended)
    if colon:
        yield _Finding(n, colon_col, said, how, repaired)
    if first in MARKS or value.startswith("- "):
        yield _Finding(n, line.value_col, f"a text that starts with {first} must be in double quotes",
                       f"type: {_show(repaired)}", repaired)


def _indent_targets(lines: list[_Line], n: int) -> list[int]:
    """Indentations line n could have: those of the lines above it, nearest first, and 0."""
    targets: list[int] = []
    for j in range(n - 1, -1, -1):
        other = lines[j]
        if not other.content or "\t" in other.indent:
            continue
        options = [len(other.indent)]
        if other.dash:
            options.append(len(other.indent) + len(other.dash))
        if other.key and not other.value.strip() or other.value.strip().startswith("#"):
            options.append(other.key_col + 2)
        for option in options:
            if option not in targets:
                targets.append(option)
        if len(targets) >= 8:
            break
    if 0 not in targets:
        targets.append(0)
    return targets


def _lined_up_with(lines: list[_Line], n: int, column: int, dash: bool) -> int | None:
    """The nearest other line whose field (or `- `) starts at `column`: above, else below."""
    order = list(range(n - 1, -1, -1)) + list(range(n + 1, len(lines)))
    for j in order:
        other = lines[j]
        if not other.content or "\t" in other.indent:
            continue
        if dash and other.dash and len(other.indent) == column:
            return j
        if not dash and other.key and other.key_col == column:
            return j
    return None


def _indent_findings(lines: list[_Line], n: int):
    line = lines[n]
    body = line.text.lstrip(" \t")
    tab = "\t" in line.indent
    for target in _indent_targets(lines, n):
        if target == len(line.indent) and not tab:
            continue
        repaired = " " * target + body
        moved = _Line(repaired)
        spaces = f"start the line with {target} space{'s' * (target != 1)}" if target else \
            "delete the spaces at the start of the line"
        if tab:
            fix = (f"replace the tab with {target} space{'s' * (target != 1)}" if target
                   else "delete the tab at the start of the line")
            mate = _lined_up_with(lines, n, target, bool(moved.dash)) if moved.dash or moved.key else None
            if mate is not None:
                fix += f", so it lines up with line {mate + 1}"
            yield _Finding(n, 0, "a tab is used to indent this line", fix, repaired)
            continue
        if moved.dash:
            mate = _lined_up_with(lines, n, target, True)
            if mate is not None:
                yield _Finding(n, len(line.indent),
                               f"this list item is not lined up with the item on line {mate + 1}",
                               f"{spaces}, so its '- ' lines up with the one on line {mate + 1}", repaired)
                continue
        if moved.key and not moved.dash:
            mate = _lined_up_with(lines, n, target, False)
            if mate is not None:
                other = lines[mate].key
                yield _Finding(n, len(line.indent),
                               f"'{line.key}:' is not lined up with '{other}:' on line {mate + 1}",
                               f"{spaces}, so '{line.key}:' lines up with '{other}:'", repaired)
                continue
        above = next((j for j in range(n - 1, -1, -1) if lines[j].content), None)
        if not moved.key and not moved.dash and above is not None and lines[above].key \
                and not lines[above].value.strip() and target > len(lines[above].indent):
            yield _Finding(n, len(line.indent),
                           f"this text belongs to '{lines[above].key}:' on line {above + 1}, so it must be "
                           "indented under it", spaces, repaired)
            continue
        yield _Finding(n, len(line.indent), "this line is indented differently from the lines around it",
                       spaces, repaired)


def _dash_finding(n: int, line: _Line):
    if not line.dash:
        return
    start = len(line.indent)
    for repaired in (line.indent + line.text[start + 2:], line.indent + line.text[start + len(line.dash):]):
        yield _Finding(n, start,
                       "this line starts with '- ', which makes it an item of a list, but there is no list here",
                       "delete the '- ' at the start of the line", repaired)


_NO_COLON = re.compile(rf"(?P<head>[ \t]*(?:-[ \t]+)?)(?P<key>{_KEY})[ \t]+(?P<value>[\"'].*)")


def _typo_findings(n: int, line: _Line):
    """A field name with no colon after it, or a stray mark typed before the first word."""
    missing = _NO_COLON.fullmatch(line.text)
    if missing:
        repaired = f"{missing['head']}{missing['key']}: {missing['value']}"
        yield _Finding(n, len(missing["head"]) + len(missing["key"]), f"'{missing['key']}' needs a colon after it",
                       f"type a colon after the field name: {_show(repaired)}", repaired)
    body = line.text.lstrip(" ")
    first = body[:1]
    if first and not (first.isalnum() or first in "-\"'#_ \t"):
        start = len(line.text) - len(body)
        yield _Finding(n, start, f"this line starts with {first}, which does not belong there",
                       f"delete the {first} at the start of the line", line.text[:start] + body[1:])


def _unmended(n: int, line: _Line) -> _Finding:
    """The line whose removal lets the file be read, when no one mending explains it."""
    col = len(line.indent)
    if line.dash:
        return _Finding(n, col, "this line starts with '- ', which makes it an item of a list, but there is "
                                "no list here", "delete the '- ' and write the field name before the text "
                                "(`field: \"text\"`), or move the line under the list it belongs to", None)
    if not line.key:
        return _Finding(n, col, "this line is not `field: text`",
                        "write the field name and a colon before the text (`field: \"text\"`), or, if it goes "
                        "on from the line above, start it with 2 spaces", None)
    return _Finding(n, col, "this line cannot be read",
                    "check the quotes and the indentation of this line and the one above it", None)


def _error_line(text: str, load: Callable[[str], object]) -> int | None:
    """The 0-based line where reading `text` fails, or None when it reads."""
    try:
        load(text)
    except CfpError:
        return None  # read as YAML; what is wrong with it is not a syntax mistake
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return mark.line if mark else 1 << 30
    except yaml.YAMLError:
        return 1 << 30
    except RecursionError:
        return None
    return None


def explain(text: str, file: str, exc: yaml.YAMLError, loads: list[Callable[[str], object]],
            hints: dict) -> CfpError:
    """The CfpError for a file PyYAML could not read: the line with the mistake, in plain words."""
    raw = text.split("\n")
    lines = [_Line(line) for line in raw]
    last = max((i for i, line in enumerate(lines) if line.content), default=0)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    stop = min(mark.line if mark else last, len(lines) - 1)
    problem = getattr(exc, "problem", None) or ""

    load = loads[0]
    first = _error_line(text, load)
    if first is None and len(loads) > 1:  # the fast reader disagrees: mend with the one that failed
        load = loads[-1]
        first = _error_line(text, load)
    budget = [300 if len(text) < 50_000 else 12]

    def verdict(finding: _Finding) -> int | None:
        """None: the file reads with the line mended; else the line where it now fails."""
        if budget[0] <= 0:
            return -1
        budget[0] -= 1
        mended = raw[:finding.line] + [finding.repaired] + raw[finding.line + 1:]
        return _error_line("\n".join(mended), load)

    findings: list[_Finding] = []
    window = [i for i in range(stop, -1, -1) if lines[i].content][:3]
    for n in range(0, stop + 1):
        line = lines[n]
        if not line.content:
            continue
        findings.extend(_line_findings(n, line, hints))
        if "\t" in line.indent or n in window:
            findings.extend(_indent_findings(lines, n))
        findings.extend(_dash_finding(n, line))
        findings.extend(_typo_findings(n, line))
    further = None
    for finding in findings:
        result = verdict(finding)
        if result is None:
            return _error(file, finding)
        below = next((j for j in range(finding.line + 1, len(lines)) if lines[j].content), len(lines))
        if further is None and first is not None and result > max(first, below) and result != -1:
            further = finding  # read further: with a second mistake below, still this line's mistake
    if further is not None:
        return _error(file, further)
    for n in window:
        if verdict(_Finding(n, 0, "", None, "")) is None:
            return _error(file, _unmended(n, lines[n]))

    # Nothing explains it: PyYAML's place, moved onto a line of the file that has something on it.
    best = stop
    if problem == "found unexpected end of stream" and getattr(exc, "context_mark", None):
        best = exc.context_mark.line
    if best >= len(lines) or not lines[best].content:
        best = max((i for i in range(0, min(best, len(lines) - 1) + 1) if lines[i].content), default=last)
    line = lines[best] if best < len(lines) else _Line("")
    if problem in hints:
        message, fix = hints[problem]
        return CfpError(message, SourceLocation(file, best + 1, len(line.indent) + 1), fix, code="yaml-syntax")
    return _error(file, _Finding(best, len(line.indent), "this line cannot be read",
                                 "check the quotes and the indentation of this line and the one above it", None))


def _error(file: str, finding: _Finding) -> CfpError:
    return CfpError(finding.message, SourceLocation(file, finding.line + 1, finding.col + 1), finding.fix, code="yaml-syntax")


def curly_wrapped(value: str) -> bool:
    """A text typed between curly quotes (“95%”, «95%», “95%"), which YAML keeps as part of it."""
    return len(value) >= 2 and value[0] in CURLY_OPEN and value[-1] in CURLY_OPEN + "\"'"


def curly_warning(text: str, file: str, line: int, column: int, value: str) -> Diagnostic:
    """The warning for a value between curly quotes: they are printed; say how to type either way."""
    source = text.split("\n")[line]
    before = source[:column]
    plain, kept = before + _double_quoted(value[1:-1]), before + _double_quoted(value)
    return Diagnostic(f"{value[0]} {value[-1]} around this text are not read as quotes, so they will be printed "
                      "in the graphic", SourceLocation(file, line + 1, column + 1),
                      f"if they should not be printed, type straight quotes: {_show(plain)}; to print them, "
                      f"put straight quotes around them: {_show(kept)}", WARNING, "curly-quotes")
