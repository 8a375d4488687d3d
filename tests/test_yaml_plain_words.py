"""YAML mistakes as a volunteer meets them: one plain sentence, at the line where the mistake is,
with what to type; never PyYAML's own words; and the rest of the project unaffected.

The end-to-end cases copy the project, break real content files the way people do (each in a
file of its own), run `python -m cfpgraphics check` once in a subprocess and read its output.
The generated cases break a real content file at every place a quote, colon, space, tab or
dash can be typed or deleted, and check every message that comes back."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cfpgraphics.content.diagnostics import CfpError, Diagnostics
from cfpgraphics.content.yamlio import decode_text, parse_yaml

ROOT = Path(__file__).resolve().parent.parent

# PyYAML's vocabulary: none of it may reach a volunteer.
JARGON = re.compile(r"<|\b(?:block end|block mapping|mapping|scalars?|tokens?|expected|stream|document|"
                    r"sequence|anchor|alias|directive|indicator|while scanning|while parsing|"
                    r"found character|YAML syntax error|simple key|flow)\b", re.IGNORECASE)

# Each mistake in a file of its own: (file below content/, what is there, what the volunteer typed).
BROKEN = {
    "unclosed quote": ("atlanta-detention-center/es.yaml", 'de la Ciudad de Atlanta"', "de la Ciudad de Atlanta"),
    "straight quote closed by a curly one": ("chicago-gang-database/es.yaml", 'stat: "95%"', 'stat: "95%”'),
    "straight quote closed by a guillemet": ("chicago-gang-database/ko.yaml", 'stat: "95%"', 'stat: "95%»'),
    "tab before a list item": ("california-agenda/es.yaml", '  - "Exigir', '\t- "Exigir'),
    "no space after the colon, quoted": ("launch-announcement/es.yaml", 'headline: "Llega', 'headline:"Llega'),
    "no space after the colon, plain": ("texas-organizing/es.yaml", 'place: "Texas"', "place:Texas"),
    "field indented by two spaces": ("atlanta-ice-contract/es.yaml", 'year: "2018"', '  year: "2018"'),
    "stray dash before a field": ("texas-organizing/tl.yaml", "headline: ", "- headline: "),
    "list item indented too far": ("four-places/es.yaml", '  - place: "California"', '    - place: "California"'),
    "first list item at the start of the line": ("california-agenda/ko.yaml", '\n  - "', '\n- "'),
    "field of a list item indented too far": ("four-places/vi.yaml", '\n    text: "', '\n      text: "'),
    "colon in curly-quoted text": ("texas-organizing/km.yaml", 'place: "', "place: “Texas: "),
}
# What each shows, exactly as `check` prints it.
EXPECTED = {
    "unclosed quote":
        'content/atlanta-detention-center/es.yaml:16:11: the quote " that starts this text is never closed '
        '(type a " at the end of the text: headline: "La comunidad organizada ganó … de la Ciudad de Atlanta")',
    "straight quote closed by a curly one":
        'content/chicago-gang-database/es.yaml:15:7: this text starts with a straight quote " but ends with ” '
        '(a curly quote), which does not close it (type a straight " at the end instead of ”: stat: "95%")',
    "straight quote closed by a guillemet":
        'content/chicago-gang-database/ko.yaml:15:7: this text starts with a straight quote " but ends with » '
        '(a curly quote), which does not close it (type a straight " at the end instead of »: stat: "95%")',
    "tab before a list item":
        "content/california-agenda/es.yaml:20:1: a tab is used to indent this line "
        "(replace the tab with 2 spaces, so it lines up with line 19)",
    "no space after the colon, quoted":
        "content/launch-announcement/es.yaml:15:9: there is no space after the colon of 'headline:' "
        '(type a space after the colon: headline: "Llega el **Collective Freedom Project**")',
    "no space after the colon, plain":
        "content/texas-organizing/es.yaml:14:6: there is no space after the colon of 'place:' "
        "(type a space after the colon: place: Texas)",
    "field indented by two spaces":
        "content/atlanta-ice-contract/es.yaml:15:3: 'year:' is not lined up with 'place:' on line 14 "
        "(delete the spaces at the start of the line, so 'year:' lines up with 'place:')",
    "stray dash before a field":
        "content/texas-organizing/tl.yaml:15:1: this line starts with '- ', which makes it an item of a "
        "list, but there is no list here (delete the '- ' at the start of the line)",
    "list item indented too far":
        "content/four-places/es.yaml:21:5: this list item is not lined up with the item on line 19 "
        "(start the line with 2 spaces, so its '- ' lines up with the one on line 19)",
    "first list item at the start of the line":
        "content/california-agenda/ko.yaml:19:1: this list item is not lined up with the item on line 20 "
        "(start the line with 2 spaces, so its '- ' lines up with the one on line 20)",
    "field of a list item indented too far":
        "content/four-places/vi.yaml:20:7: 'text:' is not lined up with 'place:' on line 19 "
        "(start the line with 4 spaces, so 'text:' lines up with 'place:')",
    "colon in curly-quoted text":
        "content/texas-organizing/km.yaml:14:14: a line of text contains ': ' (a colon and a space), which YAML "
        "reads as a new field (“ \" are not read as quotes: type straight double quotes around the text "
        'instead: place: "Texas: តិចសាស់")',
}
# Valid YAML, but most likely not what was meant: a warning, and the file is still used.
CURLY = {
    "curly quotes on both sides": ("chicago-gang-database/km.yaml", 'stat: "95%"', "stat: “95%”"),
    "Spanish guillemets on both sides": ("community-over-cages/es.yaml", 'quote: "Comunidad, no jaulas"',
                                         "quote: «Comunidad, no jaulas»"),
}
EXPECTED_WARNINGS = {
    "curly quotes on both sides":
        "content/chicago-gang-database/km.yaml:15:7: warning: “ ” around this text are not read as quotes, so "
        'they will be printed in the graphic (if they should not be printed, type straight quotes: stat: "95%"; '
        'to print them, put straight quotes around them: stat: "“95%”")',
    "Spanish guillemets on both sides":
        "content/community-over-cages/es.yaml:14:8: warning: « » around this text are not read as quotes, so "
        'they will be printed in the graphic (if they should not be printed, type straight quotes: quote: '
        '"Comunidad, no jaulas"; to print them, put straight quotes around them: quote: "«Comunidad, no jaulas»")',
}


def break_file(root: Path, rel: str, old: str, new: str) -> None:
    """What a volunteer's editor saves: the file's bytes, as UTF-8, with one thing typed wrong."""
    path = root / "content" / rel
    text = path.read_bytes().decode("utf-8")
    assert text.count(old) >= 1, (rel, old)
    path.write_bytes(text.replace(old, new, 1).encode("utf-8"))


def copy_project(tmp: Path) -> Path:
    root = tmp / "project"
    root.mkdir()
    for folder in ("brand", "templates", "content"):
        shutil.copytree(ROOT / folder, root / folder)
    (root / "fonts").symlink_to(ROOT / "fonts")  # 70 MB, only read
    return root


def cfpgraphics(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cfpgraphics", *args], cwd=root, capture_output=True,
                          text=True, encoding="utf-8", timeout=300)


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """The project with every mistake above typed into it, and what `check` said about it."""
    root = copy_project(tmp_path_factory.mktemp("volunteer"))
    for rel, old, new in [*BROKEN.values(), *CURLY.values()]:
        break_file(root, rel, old, new)
    result = cfpgraphics(root, "check")
    return root, result, result.stdout.splitlines()


def campaign_warnings(lines: list[str]) -> list[str]:
    """The shipped campaign's own warning (its address is a marked placeholder), not a volunteer's."""
    return [line for line in lines if line.startswith("brand/brand.yaml:") and "placeholder: true" in line]


def test_check_fails_and_names_only_the_broken_files(checked):
    root, result, lines = checked
    assert result.returncode == 1, result.stdout + result.stderr
    own = campaign_warnings(lines)
    assert len(own) == 1, lines
    named = {line.split(":", 1)[0] for line in lines if line not in own}
    assert named == {f"content/{rel}" for rel, _, _ in [*BROKEN.values(), *CURLY.values()]}, lines
    assert f"{len(BROKEN)} problems, {len(CURLY) + len(own)} warnings" in result.stderr


@pytest.mark.parametrize("name", BROKEN)
def test_each_mistake_is_one_plain_sentence_at_its_line(checked, name):
    _, _, lines = checked
    rel = BROKEN[name][0]
    mine = [line for line in lines if line.startswith(f"content/{rel}:")]
    assert mine == [EXPECTED[name]], mine
    assert not JARGON.search(mine[0]), mine[0]


@pytest.mark.parametrize("name", CURLY)
def test_text_between_curly_quotes_is_kept_with_a_warning(checked, name):
    _, _, lines = checked
    assert EXPECTED_WARNINGS[name] in lines, lines


def test_other_graphics_still_build(checked):
    """A graphic whose files are fine is drawn; the exit code (1) still says content has problems."""
    root, _, _ = checked
    result = cfpgraphics(root, "build", "--graphic", "one-message", "--size", "instagram-square")
    assert result.returncode == 1, result.stdout + result.stderr
    said = result.stderr + result.stdout
    assert re.search(r"\b[1-9]\d* rendered", said) and " 0 failed" in said, said  # an image per language
    assert (root / "output/en/one-message/instagram-square.png").is_file()


def test_curly_quotes_alone_do_not_fail_check(tmp_path):
    root = copy_project(tmp_path)
    break_file(root, *CURLY["curly quotes on both sides"])
    result = cfpgraphics(root, "check", "--graphic", "chicago-gang-database")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert [line for line in lines if line not in campaign_warnings(lines)] == \
        [EXPECTED_WARNINGS["curly quotes on both sides"]]


def test_quotes_that_should_print_say_nothing():
    problems = Diagnostics()
    data = parse_yaml('stat: "“95%”"\nquote: «Comunidad» y más\nnext: la campaña “community over cages”\n',
                      "f.yaml", text_only=True, problems=problems)
    assert data["stat"] == "“95%”" and not problems.items


# --- every way to mistype one character, at every place of real content files ---

SAMPLES = ["chicago-gang-database/es.yaml", "four-places/es.yaml", "california-agenda/km.yaml"]
TYPED = ['"', "'", ":", " ", "\t", "- ", "”", "«"]


def variants(text: str):
    """(what was done, 0-based line, broken text): each character typed or deleted at each place of
    the lines that are not comments."""
    offset = 0
    for n, line in enumerate(text.split("\n")):
        if line.strip() and not line.lstrip().startswith("#"):
            for i in range(len(line) + 1):
                at = offset + i
                for typed in TYPED:
                    yield f"typed {typed!r} at {n + 1}:{i + 1}", n, text[:at] + typed + text[at:]
                if i < len(line) and line[i] in "\"': -":
                    yield f"deleted {line[i]!r} at {n + 1}:{i + 1}", n, text[:at] + text[at + 1:]
        offset += len(line) + 1


@pytest.mark.parametrize("sample", SAMPLES)
def test_no_broken_variant_speaks_yaml(sample):
    text = decode_text((ROOT / "content" / sample).read_bytes(), sample)
    last_line = text.rstrip("\n").count("\n") + 1
    failures, broken = [], 0
    for what, n, variant in variants(text):
        try:
            parse_yaml(variant, "f.yaml", text_only=True)
            continue
        except CfpError as exc:
            problem = exc.problem
        broken += 1
        shown = f"{what}: {problem}"
        lines_now = variant.rstrip("\n").count("\n") + 1
        if JARGON.search(problem.message) or JARGON.search(problem.fix or ""):
            failures.append(f"jargon: {shown}")
        elif problem.location.line is None or not 1 <= problem.location.line <= min(last_line, lines_now) + 1:
            failures.append(f"outside the file: {shown}")
        elif not variant.split("\n")[problem.location.line - 1].strip():
            failures.append(f"an empty line: {shown}")
        elif problem.fix is None:
            failures.append(f"no fix: {shown}")
    assert broken > 200, broken
    assert not failures, f"{len(failures)} of {broken}:\n" + "\n".join(failures[:30])


def exact_line_cases():
    """Mistakes whose line is certain: the one that was mistyped."""
    text = (ROOT / "content/chicago-gang-database/es.yaml").read_text(encoding="utf-8")
    lines = text.split("\n")
    for n, line in enumerate(lines):
        if not line.strip() or line.startswith("#"):
            continue
        def on(new):
            return "\n".join(lines[:n] + [new] + lines[n + 1:])
        if line.endswith('"'):
            yield "closing quote deleted", n, on(line[:-1])
            yield "closed with ”", n, on(line[:-1] + "”")
            yield "closed with »", n, on(line[:-1] + "»")
        if ": " in line:
            yield "space after the colon deleted", n, on(line.replace(": ", ":", 1))
        yield "tab at the start", n, on("\t" + line)
        yield "two spaces at the start", n, on("  " + line)
        yield "'- ' at the start", n, on("- " + line)


@pytest.mark.parametrize("what, n, text", [pytest.param(*case, id=f"{case[0]}@{case[1] + 1}")
                                           for case in exact_line_cases()])
def test_the_line_named_is_the_line_mistyped(what, n, text):
    try:
        parse_yaml(text, "f.yaml", text_only=True)
    except CfpError as exc:
        assert exc.problem.location.line == n + 1, (what, str(exc))
        assert not JARGON.search(str(exc)), str(exc)
