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
from .yamlio import Located, LocatedDict, load_mapping

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
    faces = data.get("faces") or LocatedDict()
    for key, spec in faces.items():
        if isinstance(spec, str):
            spec = {"file": spec}
        if not isinstance(spec, dict) or "file" not in spec:
            problems.add(f"font '{key}' needs a `file:`", faces.where(key))
            continue
        path = fonts_dir / str(spec["file"])
        if not path.is_file():
            problems.add(f"font file '{spec['file']}' for '{key}' does not exist", faces.where(key),
                         fix=f"put the file under {fonts_dir.name}/ or correct the path")
            continue
        library.faces[key] = assets.face(key, path, int(spec.get("index", 0)), str(spec.get("license", "")),
                                         bool(spec.get("emoji", False)))
    stacks = data.get("stacks") or LocatedDict()
    for name, entries in stacks.items():
        resolved = []
        for i, entry in enumerate(entries or ()):
            face_key, langs = (entry, ()) if isinstance(entry, str) else (entry.get("face"), tuple(entry.get("langs") or ()))
            where = entries.where(i) if isinstance(entries, Located) else stacks.where(name)
            if face_key not in library.faces:
                if face_key not in faces:  # a missing file was reported above already
                    problems.add(f"stack '{name}' names unknown font '{face_key}'", where,
                                 fix="add it under `faces:` or remove it from the stack")
                continue
            resolved.append(StackEntry(library.faces[face_key], langs))
        library.stacks[name] = FontStack(name, tuple(resolved))
        library.locations[name] = stacks.where(name, value=False)
        if not any(not entry.langs for entry in resolved):
            only = sorted({tag for entry in resolved for tag in entry.langs})
            problems.add(f"font stack '{name}' has no font for every language"
                         + (f" (only for {', '.join(only)})" if only else " (it names no font that exists)"),
                         stacks.where(name, value=False), code="font-stack",
                         fix="end the stack with a face that has no `langs:`, e.g. `- noto-sans`")
    return library
