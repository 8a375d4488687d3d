"""Spreadsheets (CSV) as spreadsheet programs save them: read into rows, and written.

Reading takes what Excel, LibreOffice, Numbers and Google Sheets save. The separator is a
comma, a semicolon (Excel's "CSV" where the decimal mark is a comma) or a tab (Excel's
"Unicode text"), told from the header row, which names the columns. The text is UTF-8 with or
without a BOM, UTF-16 (with a BOM, or without one: NUL bytes) or, when it is not UTF-8,
Windows-1252 (Excel's plain "CSV" in Western Europe and the Americas), but only for a
language that encoding can write and only if it then reads as that language: a sheet in
another encoding is one error, never a translation imported garbled.

Rows are numbered as the spreadsheet numbers them: the header is row 1, a cell with line
breaks is one row. A double quote opened and never closed (which would swallow the rest of
the sheet into one cell) is named at the row and column where it opens.

A cell a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
return) is written with a ' in front (OWASP's advice); reading takes it off again, so an
export read back unchanged is the same text.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from dataclasses import dataclass

import icu

from ..content.diagnostics import CfpError, SourceLocation
from ..content.language_tags import display_name

COLUMNS = ["graphic", "field", "English", "translation", "status", "note", "fit hint"]
SEPARATORS = {",": "commas", ";": "semicolons", "\t": "tabs"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SAVE_AS_UTF8 = ("save it again as CSV UTF-8: in Excel, File > Save As > 'CSV UTF-8 (Comma delimited)'; "
                "in LibreOffice, File > Save As > Text CSV, with Character set 'Unicode (UTF-8)'")
QUOTE_FIX = ('add the closing " at the end of the text, or delete the opening one; a " inside a text is '
             'written as two, "", which a spreadsheet program does for you when you edit the sheet in it')
# Signatures of spreadsheet files that are not CSV: a volunteer may send the workbook itself.
WORKBOOKS = {b"PK\x03\x04": "an Excel (.xlsx) or LibreOffice (.ods) workbook",
             b"\xd0\xcf\x11\xe0": "an old Excel (.xls) workbook"}
# Windows-1252 characters no translation uses: where other encodings (Mac Roman, the Cyrillic
# and Asian code pages) have their letters. Read as one of these, the sheet is in another encoding;
# so it is when a dash stands between two letters (Mac Roman's ñ and ó: "Espa–ol", "canci—n").
UNLIKELY = set("ƒ†‡ˆ‰˜¦¸¤")


def writer(stream: io.StringIO):
    """A csv writer with quoting and CRLF as spreadsheets expect, whose cells are never run
    as formulas: one that starts like a formula gets a ' in front."""
    return _SafeWriter(csv.writer(stream))


class _SafeWriter:
    def __init__(self, inner):
        self.inner = inner

    def writerow(self, row) -> None:
        self.inner.writerow([_defused(str(cell)) for cell in row])


def _formula_like(cell: str) -> bool:
    """Starts like a formula once any ' in front is set aside (so that a text which itself
    starts with ' and then =, say, keeps its ' through an export and an import)."""
    rest = cell.lstrip("'")
    return rest.startswith(FORMULA_START) and (rest != cell or cell.startswith(FORMULA_START))


def _defused(cell: str) -> str:
    return "'" + cell if _formula_like(cell) else cell


def _restored(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and _formula_like(cell[1:]) else cell


@dataclass
class Row:
    """One row of a sheet: its number as the spreadsheet shows it, and its cells by column
    name (lower case; a missing cell is empty)."""

    number: int
    cells: dict[str, str]
    where: SourceLocation

    def __getitem__(self, name: str) -> str:
        return self.cells.get(name, "")


def read_sheet(data: bytes, file: str, lang: str | None, needed: list[str]) -> list[Row]:
    """The rows of a sheet after its header (`data`, the bytes of `file`, a sheet in `lang`),
    whose header must name the `needed` columns. What cannot be read at all is a CfpError."""
    for signature, kind in WORKBOOKS.items():
        if data.startswith(signature):
            raise CfpError(f"this is {kind}, not a CSV file", SourceLocation(file),
                           fix="open it and save it as CSV UTF-8 (Excel: File > Save As > 'CSV UTF-8'), "
                               "then import that file", code="encoding")
    text, bad = _decoded(data, file)
    text, separator, skipped = _separator(text)
    names = _header(text, separator)
    missing = [name for name in needed if name not in [n.strip().lower() for n in names]]
    if missing:
        raise CfpError(f"the first row must name the columns; missing: {', '.join(missing)}",
                       SourceLocation(file, 1),
                       fix="export a fresh sheet with `cfpgraphics translate export --to csv`", code="sheet-header")
    if bad is not None:
        _check_windows_1252(text, data[skipped:], bad - skipped, file, lang, separator, names)
    rows = _records(text, separator, names, file)
    columns = {name.strip().lower(): i for i, name in enumerate(names)}
    return [Row(number, {name: _restored(cells[i]) for name, i in columns.items() if i < len(cells)},
                SourceLocation(file, number)) for number, cells in rows]


# --- encodings ----------------------------------------------------------------------------

def _decoded(data: bytes, file: str) -> tuple[str, int | None]:
    """The text, and None; or, for bytes that are not UTF-8, the text read as Windows-1252
    and where the first byte that is not UTF-8 is (checked once the header is known)."""
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
                          (codecs.BOM_UTF8, "utf-8-sig")):
        if data.startswith(bom):
            return _strict(data, encoding, file), None
    sample = data[:4096]
    if b"\x00" in sample:  # UTF-16 without a BOM: every other byte of the (ASCII) header is 0
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if max(even, odd) > len(sample) // 2 * 0.4:
            return _strict(data, "utf-16-be" if even > odd else "utf-16-le", file), None
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return data.decode("cp1252", errors="replace"), exc.start  # one byte a character: same place


def _strict(data: bytes, encoding: str, file: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        name = encoding.upper().replace("-SIG", "").replace("-BE", "").replace("-LE", "")
        raise CfpError(f"this sheet starts like {name} text but is not valid {name}: it is damaged, or not a "
                       "spreadsheet saved as text", SourceLocation(file), fix=SAVE_AS_UTF8, code="encoding") from None


def _letters(lang: str | None) -> set[str] | None:
    """The letters a sheet in `lang` may have (its own, borrowed ones, English's, both cases),
    or None when Windows-1252 cannot write the language (Vietnamese, Korean, Arabic ...)."""
    letters = set("ªºµ")
    for tag in ([lang] if lang else []) + ["en"]:
        data = icu.LocaleData(tag)
        standard = {str(c) for c in data.getExemplarSet(0, icu.ULocaleDataExemplarSetType.ES_STANDARD)}
        if tag == lang and not all(_in_windows_1252(c) for c in standard):
            return None
        auxiliary = {str(c) for c in data.getExemplarSet(0, icu.ULocaleDataExemplarSetType.ES_AUXILIARY)}
        letters |= {case for c in standard | auxiliary for case in (c, c.upper())}
    return letters


def _in_windows_1252(text: str) -> bool:
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def _check_windows_1252(text: str, data: bytes, bad: int, file: str, lang: str | None, separator: str,
                        names: list[str]) -> None:
    """A sheet that is not UTF-8 is read as Windows-1252 only if it can be: the language is
    one that encoding writes, every byte is one it has, every letter is one the language uses."""
    language = display_name(lang) if lang else "this language"
    letters = _letters(lang)
    if letters is None:
        row, column = _position(text, bad, separator, names)
        raise CfpError(f"this sheet is not saved as UTF-8 (the first character that is not: row {row}, column "
                       f"\"{column}\"); {language} text is read only from a sheet saved as UTF-8 or UTF-16",
                       SourceLocation(file), fix=SAVE_AS_UTF8, code="encoding")
    for index, char in enumerate(text):
        if char.isascii():
            continue
        if char == "\ufffd":
            found = f"the byte 0x{data[index]:02X}, which Windows-1252 does not have"  # one byte a character
        elif char in "–—" and text[index - 1:index].isalpha() and text[index + 1:index + 2].isalpha():
            found = f"'{char}' inside a word"
        elif char in UNLIKELY or unicodedata.category(char).startswith("L") and char not in letters:
            found = f"'{char}', which {language} text does not use"
        else:
            continue
        row, column = _position(text, index, separator, names)
        raise CfpError(f"this sheet is not saved as UTF-8, and not as Windows-1252 either (the other encoding this "
                       f"tool reads for {language}): read as Windows-1252, row {row}, column \"{column}\" has "
                       f"{found}", SourceLocation(file), fix=SAVE_AS_UTF8, code="encoding")


# --- rows ---------------------------------------------------------------------------------

def _separator(text: str) -> tuple[str, str, int]:
    """The text without a `sep=;` line (Excel's hint, which it hides), the separator (that
    one, or the one that splits the header row into the most column names we know), and how
    many characters were taken off the front."""
    first, _, rest = text.partition("\n")
    if re.fullmatch(r"sep=(.)\r?", first) and first[4] in SEPARATORS:
        return rest, first[4], len(first) + 1
    known = {name.lower() for name in COLUMNS}

    def score(separator: str) -> int:
        return sum(name.strip().lower() in known for name in _header(text, separator))

    return text, max(SEPARATORS, key=score), 0  # ties (no name known): a comma, the first


def _header(text: str, separator: str) -> list[str]:
    return next(csv.reader(io.StringIO(text.partition("\n")[0].rstrip("\r")), delimiter=separator), [])


def _records(text: str, separator: str, names: list[str], file: str) -> list[tuple[int, list[str]]]:
    """(row number, cells) after the header. A cell over the csv module's 131,072 characters
    (far beyond any text of a graphic) stops the import at its row, before anything is written;
    so does a quote that is never closed, at the row and column where it opens."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    rows = []
    number = 0
    try:
        for number, cells in enumerate(reader, 1):
            rows.append((number, cells))
    except csv.Error as exc:
        _check_quotes(text, separator, names, file)
        raise CfpError(f"this row cannot be read: {exc}", SourceLocation(file, number + 1),
                       fix="a cell holds one text of a graphic, a few hundred characters at most", code="sheet-row") from None
    _check_quotes(text, separator, names, file)
    for number, cells in rows:
        for i, cell in enumerate(cells):
            swallowed = [line for line in cell.splitlines()[1:] if _like_a_row(line, separator, names)]
            if swallowed:
                raise CfpError(f"row {number}, column \"{_name(names, i)}\": this cell takes in the lines after it, "
                               f"which look like rows of the sheet (\"{swallowed[0][:40]}\"): a closing double quote "
                               "(\") is probably missing", SourceLocation(file), fix=QUOTE_FIX, code="sheet-quote")
    return rows[1:]


def _like_a_row(line: str, separator: str, names: list[str]) -> bool:
    """A line inside a cell that reads as a row of the sheet: a graphic's name and a field
    where the sheet has them. A text's own lines (a poem, a list) hardly ever do."""
    cells = _header(line, separator)
    columns = [n.strip().lower() for n in names]
    graphic, field = columns.index("graphic"), columns.index("field")
    return (len(cells) > max(graphic, field, min(len(names), 4) - 1)
            and bool(re.fullmatch(r"[a-z0-9][a-z0-9-]*", cells[graphic]))
            and bool(re.fullmatch(r"[a-z_]+(/[0-9]+(/[a-z_]+)?)?", cells[field])))


def _check_quotes(text: str, separator: str, names: list[str], file: str) -> None:
    row, column, opened = _walk(text, separator)
    if opened:
        raise CfpError(f"row {row}, column \"{_name(names, column)}\": this cell opens a double quote (\") that is "
                       "never closed, so the rest of the sheet would be read into it", SourceLocation(file),
                       fix=QUOTE_FIX, code="sheet-quote")


def _position(text: str, index: int, separator: str, names: list[str]) -> tuple[int, str]:
    row, column, _ = _walk(text, separator, index)
    return row, _name(names, column)


def _name(names: list[str], column: int) -> str:
    return names[column].strip() if column < len(names) and names[column].strip() else f"{column + 1}"


_TOKENS = {separator: re.compile('"|\r\n|\r|\n|' + re.escape(separator)) for separator in SEPARATORS}


def _walk(text: str, separator: str, stop: int | None = None) -> tuple[int, int, bool]:
    """Where the csv module's reading is at `text[stop]` (or at the end): (row, column index,
    whether inside a quote). A quote opened and not closed by the end gives the row and column
    where it was opened. Quotes count only at the start of a cell, as for the csv module."""
    stop = len(text) if stop is None else stop
    row, column, start, position = 1, 0, 0, 0
    tokens = _TOKENS[separator]
    while True:
        match = tokens.search(text, position)
        if match is None or match.start() >= stop:
            return row, column, False
        token = match.group()
        if token == '"' and match.start() == start:  # a quoted cell: on to its closing quote
            end = match.end()
            while True:
                end = text.find('"', end)
                if end < 0 or end >= stop:
                    return row, column, end < 0
                if not text.startswith('"', end + 1):
                    break
                end += 2
            position = end + 1
            continue
        if token == separator:
            column, start = column + 1, match.end()
        elif token != '"':
            row, column, start = row + 1, 0, match.end()
        position = match.end()
