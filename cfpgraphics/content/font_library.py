"""The font library: which files exist, what they cover, and ordered stacks per type role.

`fonts/fonts.yaml` names every face (file, collection index, licence) and the stacks a brand's
type roles point at. A stack entry may apply only to some languages (`langs:`), which is how
Chinese (Traditional) gets the TC cut of Noto Sans CJK and Korean the KR cut: locale-specific
glyph forms come from the right font, not just from the `locl` feature.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .assets import AssetStore
from .diagnostics import CfpError, Diagnostics, SourceLocation
from ..text.fonts import FontFace, FontStack, StackEntry
from .language_tags import canonical_tag
from .names import known, short
from .yamlio import load_mapping, section

__all__ = ["FontFace", "FontLibrary", "FontStack", "StackEntry", "load_fonts"]


@dataclass
class FontLibrary:
    root: Path
    faces: dict[str, FontFace] = field(default_factory=dict)
    stacks: dict[str, FontStack] = field(default_factory=dict)
    locations: dict[str, SourceLocation] = field(default_factory=dict)  # stack -> where it is defined

    def stack(self, name: str) -> FontStack:
        try:
            return self.stacks[name]
        except KeyError:
            raise CfpError(f"unknown font stack '{name}'",
                           fix="known stacks: " + ", ".join(sorted(self.stacks))) from None


def load_fonts(fonts_dir: Path, project_root: Path, problems: Diagnostics, assets: AssetStore) -> FontLibrary:
    """Read fonts/fonts.yaml; every problem is collected, faces that exist are kept. Faces come
    from the asset store, so a replaced font file is a new face."""
    manifest = fonts_dir / "fonts.yaml"
    library = FontLibrary(fonts_dir)
    data = load_mapping(manifest, project_root, "fonts/fonts.yaml", problems)
    if data is None:
        return library
    faces = section(data, "faces", problems, "`faces` maps each font's name to its `file:` under fonts/",
                    fix="e.g. faces: {inter-regular: {file: inter/Inter-Regular.otf, license: OFL-1.1}}")
    for key, spec in faces.items():
        face = _face(str(key), spec, faces.where(key), fonts_dir, problems, assets)
        if face is not None:
            library.faces[str(key)] = face
    stacks = section(data, "stacks", problems, "`stacks` maps each stack's name to its list of faces",
                     fix="e.g. stacks: {text: [inter-regular, noto-sans-regular]}")
    for name, entries in stacks.items():
        if entries is not None and not isinstance(entries, list):
            problems.add(f"stack '{name}' is a list of faces, one per line starting with '- '", stacks.where(name),
                         code="font-stack", fix="e.g. `text: [inter-regular, noto-sans-regular]`")
        if not isinstance(entries, list):
            entries = []
        resolved = [entry for i, raw in enumerate(entries)
                    if (entry := _stack_entry(str(name), raw, entries.where(i), library, faces, problems))]
        library.stacks[str(name)] = FontStack(str(name), tuple(resolved))
        library.locations[str(name)] = stacks.where(name, value=False)
        if not any(not entry.langs for entry in resolved):
            only = sorted({tag for entry in resolved for tag in entry.langs})
            problems.add(f"font stack '{name}' has no font for every language"
                         + (f" (only for {', '.join(only)})" if only else " (it names no font that exists)"),
                         stacks.where(name, value=False), code="font-stack",
                         fix="end the stack with a face that has no `langs:`, e.g. `- noto-sans`")
    return library


def _face(key: str, spec, where: SourceLocation, fonts_dir: Path, problems: Diagnostics,
          assets: AssetStore) -> FontFace | None:
    """One entry of `faces:`: `file:` (or the file alone), and `index:`, `license:`, `emoji:`."""
    if isinstance(spec, str):
        spec = {"file": spec}
    if not isinstance(spec, dict) or not isinstance(spec.get("file"), str) or not spec["file"].strip():
        problems.add(f"font '{key}' needs a `file:` (its path under {fonts_dir.name}/)", where,
                     fix=f"e.g. {key}: {{file: noto/NotoSans-Regular.ttf}}")
        return None
    path = fonts_dir / spec["file"]
    if not _is_file(path):
        problems.add(f"font file '{short(spec['file'])}' for '{key}' does not exist", where,
                     fix=f"put the file under {fonts_dir.name}/ or correct the path")
        return None
    index, emoji = spec.get("index", 0), spec.get("emoji", False)
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < _faces_in(path):
        count = _faces_in(path)
        problems.add(f"font '{key}': `index` should be the number of a face in its file, 0"
                     + (f" to {count - 1}" if count > 1 else " (the file holds one face)"), where,
                     fix="leave `index:` out for a file with one face")
        return None
    if not isinstance(emoji, bool):
        problems.add(f"font '{key}': `emoji` should be true or false", where)
        return None
    return assets.face(key, path, index, str(spec.get("license") or ""), emoji)


def _stack_entry(stack: str, entry, where: SourceLocation, library: FontLibrary, faces, problems: Diagnostics):
    """One entry of a stack: a face's name, or `{face: name, langs: [tags]}` (used only for
    those languages). None after reporting, or for a face whose file was reported missing."""
    if isinstance(entry, str):
        face_key, langs = entry, []
    elif isinstance(entry, dict) and isinstance(entry.get("face"), str):
        face_key, langs = entry["face"], entry.get("langs") or []
    else:
        problems.add(f"stack '{stack}': each entry is a face's name, or `{{face: name, langs: [codes]}}`", where,
                     code="font-stack", fix="e.g. `- noto-sans-regular` or `- {face: noto-cjk-kr-regular, langs: [ko]}`")
        return None
    if not isinstance(langs, list) or not all(isinstance(t, str) and canonical_tag(t) for t in langs):
        problems.add(f"stack '{stack}': `langs` of '{short(face_key)}' is a list of language codes",
                     where, code="font-stack", fix="e.g. langs: [zh-Hant] or langs: [ko]")
        return None
    if face_key not in library.faces:
        if face_key not in faces:  # a missing file was reported above already
            problems.add(f"stack '{stack}' names unknown font '{short(face_key)}'", where, code="font-stack",
                         fix=known(face_key, faces, "fonts") if faces else "add it under `faces:`")
        return None
    return StackEntry(library.faces[face_key], tuple(langs))


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a name too long for the file system, a link loop: no such file
        return False


def _faces_in(path: Path) -> int:
    """How many faces a font file holds: a collection (.ttc) says so in its header; any other
    font file holds one. Read only for a face asked for by a number other than 0."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(12)
    except OSError:
        return 1
    return int.from_bytes(head[8:12], "big") if head[:4] == b"ttcf" and len(head) == 12 else 1
