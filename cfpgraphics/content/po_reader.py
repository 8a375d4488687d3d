"""Reading a PO file as defensively as a YAML content file, in time linear in its size.

The same limits hold: `yamlio.read_source` (a regular file inside the project, no FIFO, no link
leading out, at most `MAX_BYTES`) and `decode_text` (UTF-8 or UTF-16 with a BOM). Then a lexer
walks the lines once, before polib sees them, for two reasons:

- polib joins a text written over many quoted lines with `+=` on an attribute, which copies the
  whole text again for every line: a 4 MB file holding one long msgstr took 34 s. The lexer
  joins each text's lines into one (its other lines left empty, so every line number stays).
- polib takes the last character of a line for its closing quote without looking: it read
  `msgstr "das pessoas` as "das pessoa". The lexer checks every quoted string and the order of
  the keywords in each entry; an entry with a mistake is reported at the line of the mistake
  and blanked out whole, so nothing of it is published. Plural entries too: campaign texts
  have no plural forms, and polib keeps their text where nothing reads it.

polib then reads only well-formed entries, each text on one line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import polib

from .diagnostics import CfpError, Diagnostics, SourceLocation, relpath
from .yamlio import decode_text, read_source

# `msgid "text"`, `msgstr[0] "text"`; gettext also takes no space before the quote.
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr\[[0-9]+\]|msgstr)(?=[\s\"]|$)\s*(.*)")
# One quoted string: an escape takes the character after the backslash, so `\"` does not end
# it. Written unrolled (no nested repeat), it matches or fails in time linear in the line.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_COMMENTS_POLIB_READS = ("#", "#.", "#:", "#,")
_SYNTAX_FIX = ("every line of a PO file is a #comment, a keyword with its text in double quotes "
               "(msgctxt, msgid, msgstr \"...\"), or a \"...\" line that goes on with the text above")


@dataclass
class _Entry:
    """The entry being read: its first line, its keywords so far, and its mistakes."""

    start: int
    keywords: list[str] = field(default_factory=list)
    bad: bool = False

    @property
    def complete(self) -> bool:
        return bool(self.keywords) and self.keywords[-1].startswith("msgstr")


@dataclass
class _Text:
    """A quoted text being read: its keyword's line and the pieces of every line of it."""

    line: int
    prefix: str  # "", "#~ " (an obsolete entry) or "#| " (the previous English)
    keyword: str
    pieces: list[str]


class _Lexer:
    def __init__(self, text: str, file: str, problems: Diagnostics):
        self.lines = text.split("\n")
        self.out = list(self.lines)
        self.file, self.problems = file, problems
        self.entry = _Entry(0)
        self.text: _Text | None = None

    def run(self) -> str:
        for index, raw in enumerate(self.lines):
            self.line(index, raw.strip())
        self.end_entry(len(self.lines))
        return "\n".join(self.out) + "\n"  # never a line polib could take for a file name

    def report(self, index: int, message: str, fix: str = _SYNTAX_FIX, code: str = "po-syntax") -> None:
        self.problems.add(message, SourceLocation(self.file, index + 1), fix=fix, code=code)
        self.entry.bad = True

    def line(self, index: int, line: str) -> None:
        if not line or line.startswith("#~|"):
            self.out[index] = ""  # polib skips both
            return
        prefix, body = "", line
        if line.startswith(("#~", "#|")):
            prefix, body = line[:2] + " ", line[2:].strip()
            if prefix == "#| " and not body.startswith('"'):
                self.entry_boundary(index)  # the previous English opens an entry, as a comment does
            if not body:
                self.out[index] = ""
                return
        elif line.startswith("#"):
            self.comment(index, line)
            return
        if body.startswith('"'):
            self.continuation(index, prefix, body)
            return
        match = _KEYWORD.fullmatch(body)
        if match is None:
            self.report(index, "this line is not part of a PO entry")
            self.out[index] = ""
            return
        self.keyword(index, prefix, match.group(1), match.group(2))

    def comment(self, index: int, line: str) -> None:
        self.entry_boundary(index)
        first = line.split(None, 1)[0]
        if first not in _COMMENTS_POLIB_READS and not first.startswith("##"):
            self.out[index] = "# " + line  # any other #comment (`#foo`) is a comment to gettext

    def entry_boundary(self, index: int) -> None:
        """A comment line: it starts the next entry, or stands above the first keyword of this one."""
        if self.entry.complete:
            self.start_entry(index)
        elif self.entry.keywords:
            self.report(index, "a comment line inside an entry, between its msgid and its msgstr",
                        fix="move the comment above the entry's msgctxt (or msgid) line")
        self.close_text()

    def keyword(self, index: int, prefix: str, keyword: str, rest: str) -> None:
        self.close_text()
        if prefix == "#| ":
            if keyword not in ("msgctxt", "msgid", "msgid_plural"):
                self.report(index, f"'#| {keyword}': a #| line holds the previous English (msgctxt, msgid)")
            piece = self.piece(index, rest)
            self.text = _Text(index, prefix, keyword, [piece])
            return
        if self.entry.complete and keyword in ("msgctxt", "msgid"):
            self.start_entry(index)
        self.check_order(index, keyword)
        self.entry.keywords.append(keyword)
        if keyword == "msgid_plural" and prefix != "#~ ":
            self.report(index, "a plural entry (msgid_plural): cfpgraphics texts have no plural forms",
                        fix="translate the text as one msgstr, without msgid_plural and msgstr[N]", code="po-plural")
        self.text = _Text(index, prefix, keyword, [self.piece(index, rest)])

    def check_order(self, index: int, keyword: str) -> None:
        before = self.entry.keywords[-1] if self.entry.keywords else None
        allowed = {"msgctxt": (None,), "msgid": (None, "msgctxt"), "msgid_plural": ("msgid",)}
        if keyword.startswith("msgstr["):
            ok = before in ("msgid", "msgid_plural") or (before or "").startswith("msgstr[")
        elif keyword == "msgstr":
            ok = before == "msgid"
        else:
            ok = before in allowed[keyword]
        if not ok:
            where = f"after {before}" if before else "at the start of an entry"
            self.report(index, f"{keyword} cannot come {where}",
                        fix="an entry is msgctxt \"...\", msgid \"...\", msgstr \"...\", each once and in this order")

    def continuation(self, index: int, prefix: str, body: str) -> None:
        if self.text is None or self.text.prefix != prefix:
            self.report(index, "a quoted line that goes on with no text: there is no msgid or msgstr above it")
            self.out[index] = ""
            return
        self.text.pieces.append(self.piece(index, body))
        self.out[index] = ""

    def piece(self, index: int, quoted: str) -> str:
        """What is between the quotes of one line's string, still escaped; a mistake is reported."""
        match = _STRING.match(quoted)
        if match is None:
            if not quoted.startswith('"'):
                self.report(index, "the text on this line is not in double quotes",
                            fix='write it in double quotes: msgstr "..."')
            else:
                self.report(index, "the text on this line has no closing double quote",
                            fix='end the line with a double quote ("); a text over several lines has each '
                                'line in its own quotes, and a double quote inside the text is written \\"')
            return ""
        if match.end() != len(quoted):
            self.report(index, "something follows the closing double quote on this line",
                        fix='write a double quote inside the text as \\", or delete what follows the quote')
            return ""
        return quoted[1:-1]

    def close_text(self) -> None:
        """Write the text read so far on its keyword's line, whole (its other lines are empty)."""
        text, self.text = self.text, None
        if text is not None:
            self.out[text.line] = f'{text.prefix}{text.keyword} "{"".join(text.pieces)}"'

    def start_entry(self, index: int) -> None:
        self.end_entry(index)
        self.entry = _Entry(index)

    def end_entry(self, index: int) -> None:
        self.close_text()
        entry = self.entry
        if entry.keywords and not entry.complete:
            self.report(entry.start, "this entry has no msgstr", fix='add msgstr "" (or its translation) after its msgid')
        if entry.bad:  # nothing of a broken entry is published: polib does not see it
            self.out[entry.start:index] = [""] * (index - entry.start)


def read_po(path: Path, root: Path | None, problems: Diagnostics, file: str | None = None) -> polib.POFile | None:
    """A PO file's well-formed entries; each mistake is in `problems` at its line (`file` names
    it there). None when the file cannot be read at all (it too is in `problems`)."""
    file = file or relpath(path, root)
    try:
        text = decode_text(read_source(path, root), file)
    except CfpError as exc:
        problems.items.append(exc.problem)
        return None
    clean = _Lexer(text, file, problems).run()
    try:
        return polib.pofile(clean, encoding="utf-8")
    except (OSError, ValueError) as exc:  # not expected once the lexer has passed it: the last defence
        problems.add(f"cannot read this PO file: {exc}", SourceLocation(file), code="po-syntax",
                     fix="open it in Poedit (or run `msgfmt --check` on it) and save it again")
        return None


def without_duplicates(entries: list[polib.POEntry], file: str, problems: Diagnostics) -> list[polib.POEntry]:
    """The entries whose msgctxt is given once. A msgctxt given twice is reported at the second
    one's line and neither is used: the file says two things, and neither may be the one meant."""
    first: dict[str, polib.POEntry] = {}
    twice = set()
    for entry in entries:
        if entry.obsolete or entry.msgctxt is None:
            continue
        seen = first.setdefault(entry.msgctxt, entry)
        if seen is not entry:
            twice.add(entry.msgctxt)
            problems.add(f"msgctxt '{entry.msgctxt}' is given twice: here and at line {seen.linenum}",
                         SourceLocation(file, entry.linenum), code="duplicate",
                         fix="keep one of the two entries and delete the other")
    return [e for e in entries if e.obsolete or e.msgctxt not in twice]
