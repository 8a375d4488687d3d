"""The project's own fonts for pages in a browser: `@font-face` rules served from /fonts/, and
a `:lang()` rule per language naming the faces its text uses, so Khmer or Lao shows as on the
graphics on a computer that has no font for them. A browser downloads a face only when text in
that language is on the page. Collections (.ttc, the CJK faces) are left out: browsers do not
load one face out of a collection, and computers that read Chinese or Korean have a system font.
"""
from __future__ import annotations

from urllib.parse import quote

from ..content.diagnostics import CfpError


def font_faces(project, langs) -> str:
    """A `<style>` with the rules for `langs` ("" when no face can be served)."""
    try:
        stack = project.fonts.stack(project.brand.type_roles["text"].stack)
    except (KeyError, CfpError):  # no text role or stack: the system's fonts
        return ""
    fonts_dir = (project.root / "fonts").resolve()
    families: dict[str, str] = {}  # font file (relative to fonts/) -> its family name here
    rules = []
    for lang in sorted(langs):
        try:
            faces = stack.for_language(lang)
        except CfpError:
            continue
        names = []
        for face in faces:
            if face.path.suffix.lower() not in (".ttf", ".otf"):
                continue
            try:
                rel = face.path.resolve().relative_to(fonts_dir).as_posix()
            except ValueError:  # a font outside fonts/ is never served
                continue
            names.append(families.setdefault(rel, f"cfp-{len(families)}"))
        if names:
            # the tag is a checked BCP 47 tag (letters, digits, hyphens): safe inside :lang()
            rules.append(f':lang({lang}){{font-family:{",".join(names)},system-ui,sans-serif}}')
    if not rules:
        return ""
    faces_css = "".join(f"@font-face{{font-family:{name};src:url('/fonts/{quote(rel)}');font-display:swap}}"
                        for rel, name in families.items())
    return "<style>" + faces_css + "".join(rules) + "</style>"
