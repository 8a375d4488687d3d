"""Copy the committed fonts out of Debian's font packages, or check that they still match.

Every font file under fonts/ is a byte-for-byte copy of a file in a Debian 12 (bookworm)
package, committed next to that package's copyright file. This script says which package each
file comes from, downloads those packages with `apt-get download` (no root needed, nothing is
installed), unpacks them with `dpkg -x` into a temporary folder and copies (or, with --check,
compares) each file.

No font is instanced or subset here: bookworm's fonts-noto-extra ships Noto Sans and the Noto
script faces as static instances at every weight up to Black (wght 900), made upstream from
the variable masters, and fonts-noto-cjk-extra ships Noto Sans CJK Black. Should a later
package ship only a variable font, make the static instance with
`fontTools.varLib.instancer.instantiateVariableFont(font, {"wght": 900}, static=True)`
and record it in FILES.

Run (needs apt-get and dpkg, e.g. on Debian/Ubuntu):
    python tools/debian_fonts.py --check       # every committed file matches its package
    python tools/debian_fonts.py               # (re)copy every file and its copyright file
    python tools/debian_fonts.py --debs DIR    # use .deb files already downloaded into DIR
"""
from __future__ import annotations

import argparse
import filecmp
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "fonts"

TT, OT = "usr/share/fonts/truetype/noto", "usr/share/fonts/opentype"

# committed path under fonts/ -> (Debian package, path inside the package)
FILES: dict[str, tuple[str, str]] = {
    "league-spartan/LeagueSpartan-Black.otf": ("fonts-league-spartan", f"{OT}/league-spartan/LeagueSpartan-Black.otf"),
    "league-spartan/LeagueSpartan-Bold.otf": ("fonts-league-spartan", f"{OT}/league-spartan/LeagueSpartan-Bold.otf"),
    **{f"inter/Inter-{w}.otf": ("fonts-inter", f"{OT}/inter/Inter-{w}.otf")
       for w in ("Regular", "Medium", "SemiBold", "Bold")},
    **{f"noto/{name}": ("fonts-noto-core", f"{TT}/{name}") for name in (
        "NotoSans-Regular.ttf", "NotoSans-Bold.ttf",
        "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf", "NotoKufiArabic-Bold.ttf",
        "NotoSansKhmer-Regular.ttf", "NotoSansKhmer-Bold.ttf",
        "NotoSansLao-Regular.ttf", "NotoSansLao-Bold.ttf",
        "NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf",
        "NotoSansMyanmar-Regular.ttf", "NotoSansMyanmar-Bold.ttf",
        "NotoSansSymbols-Regular.ttf", "NotoSansSymbols2-Regular.ttf")},
    # The display stack's Black (900) faces, to match League Spartan Black.
    **{f"noto/{name}": ("fonts-noto-extra", f"{TT}/{name}") for name in (
        "NotoSans-Black.ttf", "NotoKufiArabic-Black.ttf", "NotoSansKhmer-Black.ttf",
        "NotoSansLao-Black.ttf", "NotoSansThai-Black.ttf", "NotoSansMyanmar-Black.ttf")},
    "noto-cjk/NotoSansCJK-Regular.ttc": ("fonts-noto-cjk", f"{OT}/noto/NotoSansCJK-Regular.ttc"),
    "noto-cjk/NotoSansCJK-Bold.ttc": ("fonts-noto-cjk", f"{OT}/noto/NotoSansCJK-Bold.ttc"),
    "noto-cjk/NotoSansCJK-Black.ttc": ("fonts-noto-cjk-extra", f"{OT}/noto/NotoSansCJK-Black.ttc"),
    "noto-emoji/NotoColorEmoji.ttf": ("fonts-noto-color-emoji", f"{TT}/NotoColorEmoji.ttf"),
}

# folder under fonts/ -> the package whose copyright file is committed there (the same text
# as its sibling packages': fonts-noto-extra's equals fonts-noto-core's, fonts-noto-cjk-extra's
# equals fonts-noto-cjk's; --check verifies that too)
COPYRIGHT: dict[str, str] = {
    "league-spartan": "fonts-league-spartan",
    "inter": "fonts-inter",
    "noto": "fonts-noto-core",
    "noto-cjk": "fonts-noto-cjk",
    "noto-emoji": "fonts-noto-color-emoji",
}


def packages() -> list[str]:
    return sorted({package for package, _ in FILES.values()} | set(COPYRIGHT.values()))


def unpack(debs: Path, into: Path) -> dict[str, Path]:
    """Each package unpacked into its own folder: package name -> folder."""
    roots = {}
    for package in packages():
        found = sorted(debs.glob(f"{package}_*.deb"))
        if not found:
            sys.exit(f"no {package}_*.deb in {debs}")
        roots[package] = into / package
        roots[package].mkdir(parents=True)
        subprocess.run(["dpkg", "-x", str(found[-1]), str(roots[package])], check=True)
    return roots


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare, do not copy; exit 1 on a difference")
    parser.add_argument("--debs", type=Path, help="folder with the .deb files (default: apt-get download them)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        debs = args.debs
        if debs is None:
            debs = tmp / "debs"
            debs.mkdir()
            subprocess.run(["apt-get", "download", *packages()], cwd=debs, check=True)
        roots = unpack(debs, tmp / "x")
        pairs = [(FONTS / dest, roots[package] / inner) for dest, (package, inner) in FILES.items()]
        pairs += [(FONTS / folder / "LICENSE-debian-copyright.txt",
                   roots[package] / f"usr/share/doc/{package}/copyright") for folder, package in COPYRIGHT.items()]
        for package in ("fonts-noto-extra", "fonts-noto-cjk-extra"):  # licences of the files they give
            sibling = {"fonts-noto-extra": "noto", "fonts-noto-cjk-extra": "noto-cjk"}[package]
            pairs.append((FONTS / sibling / "LICENSE-debian-copyright.txt",
                          roots[package] / f"usr/share/doc/{package}/copyright"))
        bad = 0
        for committed, source in pairs:
            if not source.is_file():
                print(f"missing in package: {source.relative_to(tmp)}")
                bad += 1
            elif args.check:
                same = committed.is_file() and filecmp.cmp(committed, source, shallow=False)
                print(("same      " if same else "DIFFERENT ") + str(committed.relative_to(ROOT)))
                bad += not same
            elif not (committed.is_file() and filecmp.cmp(committed, source, shallow=False)):
                committed.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, committed)
                print(f"copied {committed.relative_to(ROOT)}")
        return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
