"""Alt text for screen-reader users: the graphic's words, in its language, as plain text.

Made from the text fields an output shows, in reading order (markup removed, list items on
their own lines); a content file can replace it with its own `alt:` line. Each page of a
carousel gets its own: "Slide 3 of 6: California. State laws for ..." (the words for "Slide 3
of 6" are `phrases: slide:` in brand/brand.yaml, in the output's language), so every slide's
facts reach a screen reader. An output that sums up a whole carousel on one image (X's) gets
every slide's words; a list of places shown on it is read with what each place says.

One message in every language is read cell by cell, each after its language's name in
itself ("Español: Comunidad, no jaulas").

A unit chart (100 dots beside a percentage) is read last, after the words (so "95%" and "of
people ..." stay one sentence), as the brand kit's `phrases: units:` in the output's language
("Chart: 95 of every 100 people": the stat template's dots are people; a graphic whose
percentage is of something else says so in its own `alt:` line).
"""
from __future__ import annotations

from ..content.model import Template
from ..text.markup import strip_markup
from .elements.units import percentage
from ..content.values import with_brand_values

# (after the "Slide n of m" label, after a heading) for scripts with their own punctuation
_PUNCTUATION = {"zh": ("：", "。"), "ja": ("：", "。"), "ko": (": ", ". "), "km": (": ", "។ ")}
_ENDS = tuple(".!?。！？។:：")


def _plain(value) -> list[str]:
    if isinstance(value, list):
        return [line for item in value for line in _plain(item)]
    if isinstance(value, dict):
        return [": ".join(strip_markup(str(v)) for v in value.values() if v)]
    text = strip_markup(str(value)).strip()
    return [text] if text else []


def _units(element, values: dict, lang: str, brand) -> str | None:
    """What a unit chart shows, in words ("Chart: 95 of every 100 people"); None: no chart."""
    n = percentage(values.get(element.field))
    if n is None:
        return None
    label = (brand.phrase("units", lang) if brand else None) or "Chart: {n} of every 100 people"
    return label.format(n=n)


def _lines(template: Template, values: dict, item: dict | None, page: str | None, size=None, lang: str = "en",
           brand=None) -> list[str]:
    """The words of the text elements on `page` (every page: None), in reading order."""
    lines: list[str] = []
    charts: list[str] = []
    elements = template.elements_for(size, page) if size is not None else [
        e for e in template.elements if page is None or e.pages is None or page in e.pages]
    for element in elements:
        if element.kind == "units" and (words := _units(element, values, lang, brand)):
            charts.append(words)
            continue
        if element.kind == "languages":  # one message in every language: what it is, then each under its name
            cells = values.get("cells") or []
            if cells:
                own = next((c for c in cells if c["lang"] == lang), cells[0])
                what = (brand.phrase("languages", lang) if brand else None) or "The words “{text}” in {n} languages"
                colon = _PUNCTUATION.get(lang.split("-")[0], (": ", ". "))[0]
                lines.append(what.format(text=strip_markup(own["text"]).strip(), n=len(cells)) + colon.rstrip())
            lines.extend(f"{c['label']}: {strip_markup(c['text']).strip()}" for c in cells)
            continue
        if element.kind != "text" or not element.field:
            continue
        value = item[element.field] if item is not None and element.field in item else values.get(element.field)
        if value in (None, "", []):
            continue
        for line in _plain(value):  # a list of mappings (the places) is read item by item, in full
            if line not in lines:
                lines.append(line)
    return lines + charts


def _sentence(lines: list[str], lang: str) -> str:
    """Lines as one run of sentences: "California. State laws for ..."."""
    stop = _PUNCTUATION.get(lang.split("-")[0], (": ", ". "))[1]
    out = ""
    for i, line in enumerate(lines):
        if i and not out.endswith(_ENDS):
            out += stop
        elif i:
            out += "" if stop.strip() == stop else " "
        out += line
    return out


def alt_text(template: Template, values: dict, lang: str = "en", page: int | None = None, size=None,
             brand=None) -> str:
    """The alt text of one output. `page` is the 1-based page of a multi-page output (None for
    a single image); `size` picks the pages and elements that size shows."""

    values = with_brand_values(template, values, brand, lang)  # the link under a call to action is read too
    if values.get("alt") and page is None:
        return strip_markup(str(values["alt"])).strip()
    if not template.multi_page:
        return "\n".join(_lines(template, values, None, None, size, lang, brand))
    plan = template.page_plan(values, size)
    if page is None:  # one image of a carousel (X's summary, a link card's cover), or all of it
        if size is None:
            return "\n".join(_lines(template, values, None, None, None, lang, brand))
        spec, item = plan[0]
        return "\n".join(_lines(template, values, item, spec.name, size, lang, brand))
    spec, item = plan[page - 1]
    label = (brand.phrase("slide", lang) if brand else None) or "Slide {n} of {total}"
    colon = _PUNCTUATION.get(lang.split("-")[0], (": ", ". "))[0]
    words = _sentence(_lines(template, values, item, spec.name, size, lang, brand), lang)
    return label.format(n=page, total=len(plan)) + colon + words
