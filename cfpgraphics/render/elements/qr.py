"""`kind: qr`: a QR code of the campaign's address, beside the address printed in words.

It shows the web address of its `field` (a `from_brand: link` field: the brand kit's
`destination:` for the graphic's language, printed short; the QR code holds the full address,
https:// and all, exactly as the brand kit writes it). It is drawn as vector shapes (one
rectangle per run of dark modules, `QRItem`), never a pasted bitmap, so every backend draws the
same code; modules are whole pixels, with a quiet zone of 4 modules, in the brand kit's QR
colours (`destination: qr:`, checked for 7:1 contrast when brand.yaml loads).

A QR code always stands with its printed address: a template whose `qr` element shows where
the text element of its field does not is reported (compose.py), and a field that holds no web
address (a handle such as @cfp) gets no code, and takes no room. The code is made by segno
(error correction M: 15% of it may be covered or smudged, and the code stays small).
"""
from __future__ import annotations

import math
import re

from ...content.elements import Element, ElementKind
from ...text.types import Box
from ..layout.frame import Frame
from ..layout.geometry import side
from ..layout.textblock import Placed
from ..scene import QRItem

QUIET = 4  # modules of light around the code (ISO/IEC 18004's quiet zone)
MIN_MODULE = 6  # px at 1080: a module smaller than this is hard to scan from a phone's screen or a print
ERROR = "m"
_DOMAIN = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+(/\S*)?$", re.IGNORECASE)


def qr_url(frame: Frame, value: str) -> str | None:
    """The full address a printed one stands for: the brand kit's for this language when it is
    that one; an address written with its scheme as it is; `example.org/x` with https://;
    None for anything that is no web address (a handle)."""
    value = value.strip()
    dest = frame.brand.destination
    if dest is not None and value == dest.printed(frame.lang):
        return dest.url_for(frame.lang)
    if re.match(r"^https?://\S+$", value, re.IGNORECASE):
        return value
    if _DOMAIN.match(value):
        return "https://" + value
    return None


def runs(matrix) -> list[tuple[int, int, int]]:
    """The dark modules of a QR matrix as (row, first column, length) runs."""
    out = []
    for r, row in enumerate(matrix):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                out.append((r, start, c - start))
            else:
                c += 1
    return out


def place(frame: Frame, element: Element, box: Box) -> Placed | None:
    value = frame.value(element.field)
    if not isinstance(value, str) or not value.strip():
        return None
    url = qr_url(frame, value)
    if url is None:
        frame.report("qr-no-address", element.name, f"'{element.field}' holds no web address, so no QR code is drawn",
                     "write a web address such as example.org/page, or hide this element", field_name=element.field,
                     severity="warning")
        return None
    # Imported here: only a graphic that shows a QR code needs segno.
    import segno
    code = segno.make(url, error=ERROR, micro=False, boost_error=False)
    matrix = code.matrix
    count = len(matrix) + 2 * QUIET
    module = math.floor(min(box.w, box.h) / count)
    least = max(1, round(MIN_MODULE * frame.size.scale))
    if module < least:
        frame.report("qr-too-small", element.name,
                     f"the QR code's box holds modules of {module} px; a code needs {least} px modules to scan "
                     f"({count * least} px square here)", "make the element's box larger, or hide it on this size")
        module = max(module, 1)
    length = module * count
    align = side(element.align, frame.rtl)
    x = {"left": box.x, "center": box.x + (box.w - length) / 2}.get(align, box.right - length)
    y = {"middle": box.y + (box.h - length) / 2, "bottom": box.bottom - length}.get(element.valign, box.y)
    dest = frame.brand.destination
    dark = frame.brand.color(dest.qr_color if dest else "ink")
    light = frame.brand.color(dest.qr_background if dest else "paper")
    item = QRItem(element.name, Box(round(x), round(y), length, length), module=module, quiet=QUIET,
                  runs=runs(matrix), color=dark, background=light, field_name=element.field or "", url=url)
    return Placed([item], item.box.y, item.box.bottom)


KIND = ElementKind("qr", frozenset({"field", "align", "valign"}), place)
