"""`cfpgraphics new`: a new graphic's folder, ready for its words.

content/<name>/graphic.yaml names the template and the sizes; content/<name>/en.yaml has every
field of the template, each explained in a comment above it (what it is, whether it is
required, text or list, how long it may be) and left as empty quotes. Nothing is made up: a
campaign's facts and figures come from its press release, not from a placeholder that could be
published by mistake. Until a required field has its words, `cfpgraphics check` reports it at
its line ("'headline' is still empty"), and the graphic is not built.
"""
from __future__ import annotations

import os
from pathlib import Path

from ..content.diagnostics import CfpError
from ..content.model import FieldSpec, Project, Template
from ..content.names import SAFE_NAME, SOURCE_LANG, known
from ..content.sizes import PRESETS
from .contentfile import quoted
from .writing import WriteFailed, write_all

MARKUP = [
    "# In any text: **two stars** around words draw them in the accent colour; ==two equals signs==",
    "# highlight them; {curly brackets} keep words together on one line (a name); \\n inside the",
    "# quotes starts a new line.",
]


def new_graphic(project: Project, name: str, template_name: str) -> list[Path]:
    """Write content/<name>/graphic.yaml and en.yaml (both or neither); the files written."""
    if not SAFE_NAME.match(name):
        raise CfpError(f"'{name}' cannot be a graphic's name: it becomes a folder and part of every output's path",
                       fix="use lower-case letters, digits and '-', starting with a letter or digit, "
                           "e.g. houston-detention")
    folder = project.root / "content" / name
    if os.path.lexists(folder):
        raise CfpError(f"content/{name} already exists; nothing was written",
                       fix="choose another name, or edit the files in that folder")
    template = project.templates.get(template_name)
    if template is None:
        raise CfpError(f"unknown template '{template_name}'", fix=known(template_name, project.templates, "templates"))
    files = [(folder / "graphic.yaml", graphic_file(name, template).encode("utf-8")),
             (folder / f"{SOURCE_LANG}.yaml", content_file(name, template).encode("utf-8"))]
    try:
        write_all(files, project.root)
    except WriteFailed:
        try:
            folder.rmdir()  # made for these files, and empty: a second try is not "already exists"
        except OSError:
            pass
        raise
    return [path for path, _ in files]


def graphic_file(name: str, template: Template) -> str:
    sizes = [f"#   {size.name:<19} {f'{size.width}x{size.height}':<10} {size.description}" for size in PRESETS.values()]
    return "\n".join([
        f"# The graphic '{name}': {template.description}",
        f"# Its English words are in {SOURCE_LANG}.yaml beside this file; each translation is <language>.yaml.",
        f"template: {template.name}",
        "# sizes: `all`, or only some, in brackets: sizes: [instagram-square, story]. The sizes:",
        *sizes,
        "sizes: all",
    ]) + "\n"


def content_file(name: str, template: Template) -> str:
    """en.yaml: a header on how to write it, then each field with its explanation."""
    lines = [
        f"# The English words of the graphic '{name}' (template {template.name}: {template.description})",
        "# Write each field's words between the \"double quotes\" after its colon; to write a \" inside,",
        "# type \\\". Take the facts and figures from the campaign's press release.",
        "# `cfpgraphics check` lists every required field still empty, at its line; the graphic is",
        "# built once all of them have their words.",
        *MARKUP,
        "# status: draft puts a \"draft, not for posting\" band on the images; write reviewed once the",
        "# words are approved.",
        "status: draft",
    ]
    for spec in template.fields.values():
        lines.append("")
        lines.extend(_explained(spec))
        lines.extend(_placeholder(spec))
    return "\n".join(lines) + "\n"


def _limit(spec: FieldSpec) -> str:
    return f", at most {spec.max_chars} characters" if spec.max_chars else ""


def _kind(spec: FieldSpec) -> str:
    """'required, text, at most 90 characters' and the like."""
    parts = ["required" if spec.required else "optional"]
    if spec.type == "image":
        parts.append("an image file")
    elif spec.type == "list":
        count = _count(spec)
        if spec.items:
            parts.append(f"a list of {count} items, each with {_and(k.name for k in spec.items)}")
        else:
            parts.append(f"a list of {count} texts{_limit(spec).replace(', at most', ', each at most')}")
    else:
        parts.append(f"text{_limit(spec)}")
    if not spec.translate and "not translated" not in spec.help:
        parts.append(f"not translated: every language takes it from {SOURCE_LANG}.yaml")
    return "; ".join([", ".join(parts[:2]), *parts[2:]])


def _count(spec: FieldSpec) -> str:
    low, high = spec.min_items, spec.max_items
    if low and high:
        return f"{low} to {high}"
    if low:
        return f"at least {low}"
    return f"at most {high}" if high else "any number of"


def _and(words) -> str:
    words = list(words)
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


def _explained(spec: FieldSpec) -> list[str]:
    lines = [f"# {spec.name} ({_kind(spec)})" + (f": {spec.help}" if spec.help else "")]
    for key in spec.items:
        lines.append(f"#   {key.name} ({'required' if key.required else 'optional'}, text{_limit(key)})"
                     + (f": {key.help}" if key.help else ""))
    if spec.is_mapping_list:
        first = spec.items[0].name
        lines.append(f"#   Another item: copy the lines from \"- {first}\" to the end of the item, under the last one.")
    elif spec.type == "list":
        lines.append("#   Another item: a new line \"  - \"\"\" under the last one.")
    if spec.from_brand:
        lines.append(f"#   Left empty: the brand kit's `{spec.from_brand}:` (brand/brand.yaml).")
    elif not spec.required and spec.type != "image":
        lines.append("#   Leave the quotes empty for none.")
    return lines


def _placeholder(spec: FieldSpec) -> list[str]:
    if spec.type == "image":
        return ["#   To use one, delete the \"# \" in front of the next line and name the file.",
                f"# {spec.name}: photos/your-photo.jpg"]
    if spec.type != "list":
        return [f"{spec.name}: {quoted('')}"]
    lines = [f"{spec.name}:"]
    for _ in range(max(spec.min_items or 1, 1)):
        if spec.items:
            for i, key in enumerate(spec.items):
                lines.append(f"  {'- ' if i == 0 else '  '}{key.name}: {quoted('')}")
        else:
            lines.append(f"  - {quoted('')}")
    return lines
