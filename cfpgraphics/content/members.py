"""One output per item of another graphic's list: a graphic whose graphic.yaml says

    each: {name: coalition/names}

is made once for every item of coalition's `names` (the member kit: "<Organisation> is part of
the Collective Freedom Project", one card per member organisation). Each output's `name` field
is that item; the rest of its words come from the graphic's own content files, as for any
graphic, so the sentence around the name is translated once per language, never per member.

The items are read from the other graphic's English file when the project loads, never copied:
a member added to the coalition's list gets its cards by itself, a member removed loses them
(pruned, as a size removed is). Each item gets a stable ASCII slug for its output folder
(`output/<lang>/member/<slug>/<size>.png`), made from its letters alone, so reordering the list
changes no path.

Every output of such a graphic also carries all the items (`EACH` in its values): an element
with `one_size: true` is set at one size across the whole kit, the largest at which every item
fits its box (render/elements/text.py), so the cards read as a set.
"""
from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostics, SourceLocation
from .names import SOURCE_LANG, known, short

EACH = "each"  # a value made here, never written in a content file: {"field": ..., "items": [...]}
SLUG_CHARS = 60


@dataclass(frozen=True)
class Each:
    """graphic.yaml `each: {field: graphic/list}`: one output per item of that list, the item
    given as this graphic's `field`."""

    field: str
    graphic: str  # the graphic whose list it is
    list_field: str
    location: SourceLocation

    @property
    def ref(self) -> str:
        return f"{self.graphic}/{self.list_field}"


@dataclass(frozen=True)
class Member:
    slug: str  # its output folder: ASCII letters, digits and '-'
    name: str  # the item, as written in the list


def slug(name: str) -> str:
    """A stable ASCII folder name for an item: its letters without accents, lower case, words
    joined by '-' ("California Alliance - Youth & Community Justice" ->
    california-alliance-youth-community-justice); an item with no Latin letter at all gets
    a short digest of its text ("m-1a2b3c4d")."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:SLUG_CHARS].strip("-")
    return text or "m-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]


def card_values(graphic, values: dict, member: Member) -> dict:
    """The values of one member's card: the language's values, the `each:` field set to the
    member's name, and every member's name (`EACH`: for the kit's one size). The names are
    written in the source language (a list `translate: false` comes from en.yaml)."""
    kit = {"field": graphic.each.field, "items": [m.name for m in graphic.members], "lang": SOURCE_LANG}
    return {**values, graphic.each.field: member.name, EACH: kit}


def sample_values(graphic, values: dict) -> dict:
    """For a preview or a fit hint of an `each:` graphic: the card of its longest name (the one
    that sets the kit's size); other graphics' values as they are."""
    if graphic.each is None or not graphic.members:
        return values
    return card_values(graphic, values, max(graphic.members, key=lambda m: len(m.name)))


def parse_each(meta, template, problems: Diagnostics) -> tuple[bool, Each | None]:
    """graphic.yaml's `each:` (absent: (True, None)); (False, None) after reporting a mistake."""
    if "each" not in meta:
        return True, None
    value, where = meta.get("each"), meta.where("each")
    example = "e.g. each: {name: coalition/names}"
    if not isinstance(value, dict) or len(value) != 1:
        problems.add("`each:` names one field of this graphic's template and the list that fills it",
                     where, fix=example, code="each")
        return False, None
    (field, ref), = value.items()
    spec = template.fields.get(field)
    if spec is None or spec.type != "text":
        texts = [n for n, s in template.fields.items() if s.type == "text"]
        problems.add(f"`each:` fills field '{short(field)}', which the {template.name} template has no text field "
                     "of that name", where, fix=known(str(field), texts, "text fields"), code="each")
        return False, None
    graphic, _, list_field = str(ref).partition("/")
    if not graphic or not list_field:
        problems.add(f"`each: {{{field}: {short(ref)}}}` should name a list of another graphic as graphic/field",
                     where, fix=example, code="each")
        return False, None
    return True, Each(str(field), graphic, list_field, where)


def gather_members(root, templates: dict, graphics: dict, problems: Diagnostics) -> None:
    """Give every `each:` graphic its members (in place); problems are reported, never raised.
    A graphic whose list cannot be read keeps `members = None`: nothing of it is planned, and
    its published cards are kept (builder/runner.py: not pruned)."""
    for graphic in graphics.values():
        each = graphic.each
        if each is None:
            continue
        source = graphics.get(each.graphic)
        if source is None and each.graphic != graphic.name and os.path.isdir(Path(root) / "content" / each.graphic):
            problems.add(f"the cards of '{graphic.name}' wait for '{short(each.graphic)}', which did not load; their "
                         "last good images are kept", each.location, severity="warning", code="source-broken",
                         fix=f"fix content/{each.graphic} (see the problems reported for it)")
            continue
        if source is None or each.graphic == graphic.name:
            others = sorted(g for g in graphics if g != graphic.name)
            problems.add(f"`each:` names graphic '{short(each.graphic)}', which is not another graphic of the "
                         "project", each.location, fix=known(each.graphic, others, "graphics"), code="each")
            continue
        spec = templates[source.template].fields.get(each.list_field)
        if spec is None or spec.type != "list" or spec.is_mapping_list:
            lists = [n for n, s in templates[source.template].fields.items() if s.type == "list" and not s.items]
            problems.add(f"`each: {{{each.field}: {each.ref}}}`: the {source.template} template of "
                         f"'{source.name}' has no list of texts '{short(each.list_field)}'", each.location,
                         fix=known(each.list_field, lists, "lists"), code="each")
            continue
        english = source.translations.get(SOURCE_LANG)
        if english is None:
            problems.add(f"the cards of '{graphic.name}' wait for {source.folder}/{SOURCE_LANG}.yaml, which did not "
                         "load; their last good images are kept", each.location, severity="warning",
                         fix=f"fix {source.folder}/{SOURCE_LANG}.yaml (see the problems reported for it)",
                         code="source-broken")
            continue
        graphic.members = _members(english, each, problems)
        for translation in graphic.translations.values():
            if each.field in translation.locations and translation.lang == SOURCE_LANG:
                problems.add(f"'{each.field}' is given to each card by graphic.yaml's `each:`; this value is not "
                             "used", translation.locations[each.field], severity="warning", code="each",
                             fix=f"delete the '{each.field}:' line")


def _members(english, each: Each, problems: Diagnostics) -> tuple[Member, ...]:
    """The items of the list as members, in the list's order: an item given twice is kept
    once (a warning), two items with the same slug are an error at the second."""
    members: dict[str, Member] = {}
    for i, item in enumerate(english.values.get(each.list_field) or []):
        name = str(item).strip()
        if not name:
            continue
        where = english.where((each.list_field, str(i + 1)))
        key = slug(name)
        if key in members:
            if members[key].name == name:
                problems.add(f"'{short(name)}' is in the list twice: it gets one set of cards", where,
                             severity="warning", code="each", fix="delete this line")
            else:
                problems.add(f"'{short(name)}' and '{short(members[key].name)}' would share the cards' folder "
                             f"'{key}'", where, code="each", fix="write the two names so their letters differ")
            continue
        members[key] = Member(key, name)
    return tuple(members.values())
