"""`cfpgraphics render -o clip.mp4`: one clip from a template and values, no content file
(the build makes its clips in runner.render_clip_job). Written atomically, with its alt text."""
from __future__ import annotations

from pathlib import Path

from ..content.diagnostics import CfpError
from ..render.alttext import alt_text
from ..render.backends import backend
from ..render.clip import scene_clips
from ..render.compose import compose
from .output import write_bytes_atomic, write_output
from .runner import alt_path


def render_clip(project, template, values: dict, lang: str, size, format: str, output: Path) -> list:
    """Lay out every page (a carousel's pages are one clip's scenes), draw and encode the clip,
    write it and its alt text; the layout's diagnostics."""
    if size.width % 2 or size.height % 2:
        raise CfpError(f"a clip needs an even width and height, not {size.width}x{size.height}",
                       fix="e.g. --size story (1080x1920)")
    count = template.page_count(values, size) if template.multi_page else 1
    scenes = [compose(project.brand, project.fonts, project.assets, template, values, lang, size, page=page,
                      root=project.root) for page in range(1, count + 1)]
    output.parent.mkdir(parents=True, exist_ok=True)
    data = backend(format).encode(scene_clips(template, scenes, lang), project.fonts.faces, project.assets,
                                  scratch=str(output.parent))
    write_output(output, data)
    text = " ".join(alt_text(template, values, lang, page if count > 1 else None, size, project.brand)
                    for page in range(1, count + 1))
    write_bytes_atomic(alt_path(output), (text + "\n").encode("utf-8"))
    return [d for scene in scenes for d in scene.diagnostics]
