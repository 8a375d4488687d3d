"""The package as a user gets it: `pip install .` (a wheel), not the README's `pip install -e .`.

An editable install imports the package from the source tree, so a subpackage that setuptools
leaves out of the wheel (a folder without `__init__.py` is skipped by `packages = find:`) goes
unnoticed there, while `pip install .` installs a cfpgraphics on which every command fails with
ModuleNotFoundError. These tests build a wheel from a copy of this repository, install it with
its dependencies into a new virtual environment outside the repository, and run the installed
`cfpgraphics` there on a copy of the project folders, as a user would.

Needs the package index (or pip's cache) for the dependencies and the build requirements; only
when pip cannot reach it are the tests skipped.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "cfpgraphics"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
GRAPHIC = "chicago-gang-database"  # one graphic, in all of its languages (every script the tool sets)
USER_FOLDERS = ("brand", "templates", "fonts", "content")  # what `load_project` reads from the project folder
# Left out of the copy the wheel is built from: local environments, outputs, build litter.
_EVERYWHERE = shutil.ignore_patterns(".git", ".venv", "venv", "*.egg-info", "__pycache__", ".pytest_cache",
                                     "_results", "exports")
_AT_THE_TOP = {"output", "build", "dist"}  # generated folders of the checkout (only at the top)


def NOT_SOURCE(folder, names):
    ignored = set(_EVERYWHERE(folder, names))
    if Path(folder).resolve() == ROOT:
        ignored |= _AT_THE_TOP & set(names)
    return ignored
# What pip prints when it cannot reach the package index: only then do we skip.
NO_NETWORK = re.compile(r"NewConnectionError|Failed to establish a new connection|Temporary failure in name "
                        r"resolution|Name or service not known|Network is unreachable|No route to host|"
                        r"Connection refused|ConnectTimeout|Read timed out|ProxyError|SSLError|"
                        r"connection broken by|Could not fetch URL")


def _clean_env() -> dict[str, str]:
    """This process's environment without what would let the new venv see this one."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV", "PYTHONSAFEPATH",
                        "__PYVENV_LAUNCHER__")}
    env["PYTHONNOUSERSITE"] = "1"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _run(cmd, cwd: Path, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], cwd=cwd, env=_clean_env(), capture_output=True,
                          text=True, timeout=timeout)


def _pip_install(python: Path, args, cwd: Path, what: str) -> None:
    result = _run([python, "-m", "pip", "install", *args], cwd)
    if result.returncode != 0:
        output = result.stdout + result.stderr
        if NO_NETWORK.search(output) or ("(from versions: none)" in output and not _index_reachable(python, cwd)):
            pytest.skip(f"pip cannot reach the package index to install {what} (no network?):\n{output[-2000:]}")
        pytest.fail(f"pip install of {what} failed (exit {result.returncode}):\n{output[-4000:]}")


def _index_reachable(python: Path, cwd: Path) -> bool:
    """Whether pip, as configured, can fetch pip itself from its index: "from versions: none"
    is what pip says both offline and for a misspelt requirement (which must fail, not skip)."""
    probe = _run([python, "-m", "pip", "download", "--no-deps", "--no-cache-dir", "-d", cwd / "probe", "pip"],
                 cwd, timeout=300)
    return probe.returncode == 0


def _build_requires() -> list[str]:
    try:
        import tomllib
    except ImportError:  # Python 3.10
        return ["setuptools>=64", "wheel"]
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["build-system"]["requires"]


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(venv python, venv bin folder, the wheel): this repository's wheel installed in a new
    venv outside the repository, with its dependencies."""
    tmp = tmp_path_factory.mktemp("wheel-install")
    # Build from a copy, so that setuptools leaves no build/ or *.egg-info in the repository.
    src = tmp / "src"
    shutil.copytree(ROOT, src, ignore=NOT_SOURCE, symlinks=True)

    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True, env=_clean_env(), cwd=tmp)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")

    # Built without isolation, by the new venv's pip with pyproject.toml's build requirements
    # installed in it: the developer's venv (python -m venv + pip install -e .) has setuptools
    # but not `wheel`, which setuptools < 70.1 needs for bdist_wheel.
    _pip_install(python, _build_requires(), tmp, "the build requirements")
    dist = tmp / "dist"
    result = _run([python, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", dist, src], tmp)
    assert result.returncode == 0, f"building the wheel failed:\n{result.stdout}\n{result.stderr}"
    wheels = list(dist.glob(f"{PACKAGE}-*.whl"))
    assert len(wheels) == 1, wheels

    _pip_install(python, [wheels[0]], tmp, "the wheel and its dependencies")

    # The package must come from the new venv's site-packages, not from this repository.
    where = _run([python, "-c", "import sysconfig, cfpgraphics; "
                  "print(cfpgraphics.__file__); print(sysconfig.get_paths()['purelib'])"], tmp)
    assert where.returncode == 0, where.stderr
    module_file, purelib = (Path(line).resolve() for line in where.stdout.splitlines()[:2])
    assert module_file.is_relative_to(purelib), (module_file, purelib)
    assert not module_file.is_relative_to(ROOT), module_file
    return python, bindir, wheels[0]


@pytest.fixture
def user_project(tmp_path) -> Path:
    """The folders a user has beside the installed tool, outside the repository."""
    project = tmp_path / "campaign"
    for folder in USER_FOLDERS:
        shutil.copytree(ROOT / folder, project / folder)
    return project


def _cfpgraphics(bindir: Path, args, cwd: Path) -> None:
    """Run the installed console script in the user's project folder; exit 0 or fail with its output."""
    result = _run([bindir / "cfpgraphics", *args], cwd, timeout=600)
    if result.returncode != 0:
        pytest.fail(f"cfpgraphics {' '.join(map(str, args))} exited {result.returncode}:\n"
                    f"{result.stdout[-2000:]}\n{result.stderr[-4000:]}", pytrace=False)


def _assert_png(path: Path, size: tuple[int, int]) -> None:
    assert path.is_file(), f"{path} was not written"
    assert path.read_bytes()[:8] == PNG_SIGNATURE, f"{path} is not a PNG"
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == size
        image.load()


def test_wheel_holds_every_module(installed):
    """Every .py file of the package in the repository is in the wheel."""
    _, _, wheel = installed
    source = {p.relative_to(ROOT).as_posix() for p in (ROOT / PACKAGE).rglob("*.py")
              if "__pycache__" not in p.parts}
    with zipfile.ZipFile(wheel) as archive:
        packed = {name for name in archive.namelist() if name.startswith(PACKAGE + "/")}
    missing = sorted(source - packed)
    assert not missing, f"not in {wheel.name} (a folder without __init__.py?): {missing}"


def test_installed_render(installed, user_project):
    _, bindir, _ = installed
    _cfpgraphics(bindir, ["render", "stat", "--size", "instagram-square", "--lang", "en", "--set", "stat=95%",
                          "--set", "statement=of people on Chicago's gang database were Black and Latinx",
                          "-o", "out.png"], user_project)
    _assert_png(user_project / "out.png", (1080, 1080))


def test_installed_build(installed, user_project):
    _, bindir, _ = installed
    _cfpgraphics(bindir, ["build", "--graphic", GRAPHIC, "--size", "instagram-square", "--jobs", "2"], user_project)
    languages = sorted(p.stem for p in (ROOT / "content" / GRAPHIC).glob("*.yaml") if p.stem != "graphic")
    assert languages
    for lang in languages:
        _assert_png(user_project / "output" / lang / GRAPHIC / "instagram-square.png", (1080, 1080))
