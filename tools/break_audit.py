"""Count the line breaks a native reader would reject, across every shipped output.

Lays out every planned output (no drawing) and looks at where each text element's lines end:

- name: a break inside a name that should stay whole: the brand kit's `keep_together`, the
  coalition's member names, and each translation's own place names (the transliterated
  "California" of Khmer and Lao, for example);
- lone word: a display headline (two or more lines) whose first or last line is one word, in
  languages that put spaces between words;
- dangling separator: an inline list line that ends in its separator;
- hyphen: a line that ends just after a hyphen inside a word.

Run: python tools/break_audit.py [--lang L ...] [--show N]   (prints counts, then examples)
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cfpgraphics.compose import compose_job  # noqa: E402
from cfpgraphics.errors import CfpError  # noqa: E402
from cfpgraphics.plan import plan_jobs  # noqa: E402
from cfpgraphics.project import load_project  # noqa: E402
from cfpgraphics.scene import TextItem  # noqa: E402
from cfpgraphics.text.lang import script_of  # noqa: E402
from cfpgraphics.text.markup import strip_markup  # noqa: E402

NO_SPACES = ("Hans", "Hant", "Jpan", "Khmr", "Laoo", "Thai", "Mymr")
PLACE_FIELDS = ("place", "kicker")


def names_of(project, graphic, lang) -> set[str]:
    names = set(project.brand.keep_together)
    coalition = project.graphics.get("coalition")
    if coalition and "en" in coalition.translations:
        names.update(str(n) for n in coalition.translations["en"].values.get("names", []))
    values = graphic.translations[lang].values
    for field in PLACE_FIELDS:
        if isinstance(values.get(field), str):
            names.add(strip_markup(values[field]))
    for item in values.get("slides", []) or []:
        if isinstance(item, dict) and item.get("place"):
            names.add(strip_markup(item["place"]))
    return {n for n in names if len(n) > 1}


def audit(project, langs=None):
    found = defaultdict(list)
    for job in plan_jobs(project, langs=langs):
        try:
            scene = compose_job(project, job)
        except CfpError:
            continue
        template = project.templates[job.template]
        elements = {e.name: e for e in template.elements_for(job.size)}
        names = names_of(project, project.graphics[job.graphic], job.lang)
        spaced = script_of(job.lang) not in NO_SPACES
        for item in scene.items:
            if not isinstance(item, TextItem) or len(item.layout.lines) < 2:
                continue
            element = elements.get(item.element.split(".")[0])
            layout = item.layout
            text = layout.text.replace("\u00a0", " ")
            where = f"{job.name} {item.element}"
            ends = [line.end for line in layout.lines[:-1]]
            for name in names:
                start = text.casefold().find(name.casefold())
                while start >= 0:
                    for end in ends:
                        cut = end
                        while cut > start and text[cut - 1].isspace():
                            cut -= 1
                        if start < cut < start + len(name):
                            found["name"].append(f"{where}: '{text[start:cut]} | {text[cut:start + len(name)].strip()}'")
                    start = text.casefold().find(name.casefold(), start + 1)
            if element is not None and element.role == "display" and spaced and element.kind == "text":
                words = [line.text.split() for line in layout.lines]
                if len(words[0]) == 1 or len(words[-1]) == 1:
                    found["lone word"].append(f"{where}: " + " / ".join(" ".join(w) for w in words))
            if element is not None and element.list_style == "inline":
                for line in layout.lines[:-1]:
                    if line.text.rstrip().endswith(element.separator):
                        found["dangling separator"].append(f"{where}: '...{line.text[-20:]}'")
            for line in layout.lines[:-1]:
                stripped = line.text.rstrip()
                if stripped.endswith("-") and len(stripped) > 1 and stripped[-2].isalpha():
                    found["hyphen"].append(f"{where}: '...{stripped[-20:]}'")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", action="append", help="only this language (repeatable)")
    parser.add_argument("--show", type=int, default=5, help="examples per kind (default 5)")
    args = parser.parse_args()
    found = audit(load_project(ROOT), set(args.lang) if args.lang else None)
    counts = Counter({kind: len(items) for kind, items in found.items()})
    for kind in ("name", "lone word", "dangling separator", "hyphen"):
        print(f"{kind:<20} {counts.get(kind, 0)}")
    for kind, items in found.items():
        print(f"\n{kind}:")
        for line in items[: args.show]:
            print("  " + line)


if __name__ == "__main__":
    main()
