"""The command line: thin wrappers, one library call per command.

Exit codes: 0 all good, 1 some graphics failed or problems were found, 2 a usage mistake
(unknown template, size, language, graphic or field), 3 another build holds output/, 4 output/
cannot be written (disk full, read-only, not a folder), 130/143 stopped by SIGINT/SIGTERM
(what finished is recorded). User mistakes print one clear line; tracebacks only with --debug.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from . import __version__
from .content.diagnostics import CfpError, shown
from .content.sizes import ALL_SIZES, PRESETS, PRINT_PRESETS, parse_size
from .content.formats import CLIP_FORMATS, CLIP_SIZES, STILL_FORMATS

# every format name (content/formats.py, the one registry), for the --format help texts
_FORMATS_HELP = (", ".join(STILL_FORMATS) + " (stills; pdf: vector, for print sizes above all); "
                 + ", ".join(CLIP_FORMATS) + f" (clips; a build makes them for the {', '.join(CLIP_SIZES)} sizes)")

EXAMPLE_STATEMENT = "of people on Chicago’s gang database were **Black and Latinx**"


class Context:
    """What every command shares: the project folder and the one asset store of this run."""

    def __init__(self, project: Path, debug: bool):
        self.project_root, self.debug = project, debug
        self._project = None
        self._assets = None

    @property
    def assets(self):
        if self._assets is None:
            # Imported on first use, as everything below the CLI: `--help` stays instant.
            from .content.assets import AssetStore
            self._assets = AssetStore()
        return self._assets

    @property
    def project(self):
        if self._project is None:
            # Imported on first use: loading is not needed for --help or a usage error.
            from .builder.project import open_project
            self._project = open_project(self.project_root, self.assets)
        return self._project


class CfpGroup(click.Group):
    """Turns CfpError into one line on stderr and exit code 2, unless --debug."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except CfpError as exc:
            if ctx.params.get("debug"):
                raise
            click.echo(f"error: {exc}", err=True)
            ctx.exit(getattr(exc, "exit_code", 2))


@click.group(cls=CfpGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--project", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="Project folder (with brand/, templates/, content/, fonts/).")
@click.option("--debug", is_flag=True, help="Show full tracebacks for errors.")
@click.version_option(__version__, prog_name="cfpgraphics")
@click.pass_context
def cli(ctx, project, debug):
    """Make campaign graphics in every language and platform size.

    \b
    Render the whole campaign in content/ into output/:
      cfpgraphics build
    Make one graphic without a content file:
      cfpgraphics render stat --size instagram-square --lang en \\
        --set stat=95% --set statement="of people on Chicago's gang database were Black and Latinx" \\
        -o out.png
    See what there is:
      cfpgraphics list
    """
    ctx.obj = Context(project, debug)


def _report_problems(problems) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


class Progress:
    """A progress bar on a terminal (click's), with a line for each failed job above it; plain
    lines (one per rendered or failed job) in CI logs and pipes. Everything goes to stderr, so
    --json on stdout stays clean."""

    def __init__(self, root: Path, explain: bool):
        self.root, self.explain = root, explain
        self.tty = sys.stderr.isatty()
        self.counts = {"rendered": 0, "skipped": 0, "failed": 0}
        self.bar = None

    def __call__(self, index: int, total: int, result) -> None:
        self.counts[result.status] += 1
        name = result.job.name
        if result.status == "failed":
            self._line(f"FAILED {name}: {result.error}")
        elif result.status == "rendered" and (self.explain or not self.tty):
            self._line(f"rendered {name}" + (f" ({result.reason})" if self.explain else ""))
        elif result.status == "skipped" and self.explain:
            self._line(f"unchanged {name}")
        if self.tty:
            if self.bar is None:
                self.bar = click.progressbar(length=total, file=sys.stderr, show_pos=True, show_eta=False,
                                             item_show_func=lambda _: self._summary())
            self.bar.update(1, result)
            if index == total:
                self.close()

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        self.close()  # interrupted too: the bar hides the cursor until it is finished

    def close(self) -> None:
        if self.bar is not None:
            self.bar.render_finish()  # a new line, and the cursor shown again
            self.bar = None

    def _summary(self) -> str:
        return f"{self.counts['rendered']} rendered, {self.counts['skipped']} unchanged, {self.counts['failed']} failed"

    def _line(self, text: str) -> None:
        # On a terminal the line goes over the bar, which is drawn again below it next time.
        click.echo(("\r\033[K" if self.tty else "") + text, err=True)


@cli.command()
@click.option("--lang", "langs", multiple=True, metavar="LANG", help="Only this language (repeatable).")
@click.option("--graphic", "graphics", multiple=True, metavar="NAME", help="Only this graphic (repeatable).")
@click.option("--size", "sizes", multiple=True, metavar="SIZE", help="Only this size preset (repeatable).")
@click.option("--only-reviewed", is_flag=True, help="Skip translations marked `status: draft`.")
@click.option("--format", "formats", multiple=True, metavar="FORMAT",
              help=f"Write this format (repeatable): {_FORMATS_HELP}. Replaces graphic.yaml's `formats:` "
                   "(default png); files of formats not asked for are removed.")
@click.option("--force", is_flag=True, help="Re-render everything, even what is unchanged.")
@click.option("--explain", is_flag=True, help="Say why each graphic was re-rendered (or left alone).")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
              help="Worker processes.  [default: all cores]")
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable report on stdout.")
@click.option("--wait", "lock_wait", type=click.FloatRange(0), default=300, show_default=True,
              help="Seconds to wait if another build is writing output/.")
@click.option("--allow-overflow", is_flag=True,
              help="Report text that cannot fit its box (or crosses the safe zone) as a warning, not an error.")
@click.option("--job-timeout", type=click.FloatRange(0.1), default=120, show_default=True, metavar="SECONDS",
              help="A graphic still rendering after this long in a worker (a stopped or hung worker) fails, "
                   "and its worker is killed. A clip may take this long for each page it plays.")
@click.pass_obj
def build(obj: Context, langs, graphics, sizes, only_reviewed, formats, force, explain, jobs, as_json, lock_wait,
          allow_overflow, job_timeout):
    """Render every graphic in content/ into output/<lang>/<graphic>/<size>.png.

    Only what changed is re-rendered: each output has a key over its template, content,
    brand, fonts, size and tool versions, kept in output/.cfpgraphics-manifest.json. Outputs
    whose graphic, language or size is gone are removed (on a full build, not with --lang,
    --graphic or --size). Diagnostics in one content file are reported with file:line:col and
    only that file's graphics are skipped; everything else still renders.

    \b
    Exit codes: 0 all rendered; 1 some graphic failed or content has problems
                (or a content/, templates/ or brand/ folder is missing: nothing removed);
                2 usage mistake (unknown size, language, graphic ...), nothing written;
                3 another build is writing output/ (after --wait seconds);
                4 output/ cannot be written (disk full, read-only): what finished is kept;
                130/143 stopped by SIGINT/SIGTERM: what finished is recorded.
    \b
    Examples:
      cfpgraphics build
      cfpgraphics build --lang es --graphic chicago-gang-database
      cfpgraphics build --explain          # why did this re-render?
      cfpgraphics build --format png --format jpeg   # a JPEG beside each PNG
      cfpgraphics build --format png --format mp4    # an MP4 clip beside each story PNG
      cfpgraphics build --json --jobs 2    # for CI
    """
    # Imported when the command runs: `--help` and a usage error load nothing of the pipeline.
    from .builder.runner import BuildOptions, build as run_build, default_jobs, publish_gallery
    from .builder.plan import plan_jobs

    _terminate_as_interrupt()
    project = None
    try:  # loading and checking the selection: a usage mistake or a signal still gets its report
        project = obj.project
        for size in sizes:
            parse_size(size)
        _validate_selection(project, langs, graphics, sizes)
        planned = plan_jobs(project, set(graphics), set(langs), set(sizes), only_reviewed,
                            _formats(formats) if formats else None)
    except BaseException as exc:
        _build_failed(obj, project, exc, as_json)
        raise  # not reached: _build_failed exits
    options = BuildOptions(force=force, jobs=jobs or default_jobs(), lock_wait=lock_wait,
                           prune=not (langs or graphics or sizes or formats), allow_overflow=allow_overflow,
                           job_timeout=job_timeout)
    progress = Progress(project.root, explain)
    report = None
    try:
        with progress:
            report = run_build(project, planned, options, progress,
                               on_wait=lambda pid: click.echo(f"waiting for another build (pid {pid}) to finish...",
                                                              err=True))
        publish_gallery(project, report, statuses=gallery_statuses)
    except BaseException as exc:  # interrupted, lock busy, disk full, or a bug: still report
        if report is not None and getattr(exc, "report", None) is None:
            exc.report = report
        _build_failed(obj, project, exc, as_json)
        raise  # not reached: _build_failed exits
    _report_problems(report.problems)
    for path in report.removed:
        click.echo(f"removed {path.relative_to(project.root)}", err=True)
    summary = (f"{report.count('rendered')} rendered, {report.count('skipped')} unchanged, "
               f"{len(report.removed)} removed, {report.count('failed')} failed, "
               f"{_counted(report.problems)} in {report.seconds:.1f} s")
    if as_json:
        click.echo(json.dumps(report.to_json(project.root), ensure_ascii=False, indent=2))
        click.echo(summary, err=True)
    else:
        click.echo(summary)
    sys.exit(0 if report.ok else 1)


def _formats(names) -> tuple[str, ...]:
    """--format values, each a format some backend writes (exit 2 otherwise: `pdf is not
    available yet`, `unknown format 'gif'`)."""
    # Imported when the command runs: `--help` and a usage error load nothing of the pipeline.
    from .content.formats import check_formats
    from .render.backends import BACKENDS
    return check_formats(names, tuple(BACKENDS))


def gallery_statuses(project) -> dict:
    """The translation table the review page shows (exchange/translations.gallery_statuses)."""
    # Imported when the page is written: --help and a usage error load nothing of exchange.
    from .exchange.translations import gallery_statuses as statuses
    return statuses(project)


def _counted(problems) -> str:
    errors, warnings = len(problems.errors), len(problems.warnings)
    return f"{errors} problem{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def _validate_selection(project, langs, graphics, sizes=()) -> None:
    """Every --lang and --graphic must name something in the project, checked before any
    file is written: a typo must not be a quiet 'nothing to do' (exit 2)."""
    # Imported when the command runs: `--help` and a usage error load nothing of the pipeline.
    from .content.names import did_you_mean, language_of_file_name

    content = project.root / "content"
    folders = {p.name: p for p in content.iterdir() if p.is_dir()} if content.is_dir() else {}
    for name in graphics:
        if name not in folders:
            raise CfpError(f"unknown graphic '{name}'",
                           fix=did_you_mean(name, folders) or "see `cfpgraphics list graphics`")
    known = set(project.languages)
    for folder in folders.values():
        known.update(lang for lang, _ in (language_of_file_name(p.stem) for p in folder.glob("*.yaml")) if lang)
    known.discard("graphic")
    for lang in langs:
        if lang not in known:
            raise CfpError(f"unknown language '{lang}': no content file is named {lang}.yaml",
                           fix=did_you_mean(lang, known) or "languages: " + ", ".join(sorted(known)))
    for size in sizes:
        if size not in ALL_SIZES:
            raise CfpError(f"unknown size '{size}'", fix=did_you_mean(size, ALL_SIZES) or "see `cfpgraphics list sizes`")


def _terminate_as_interrupt() -> None:
    """From here on SIGTERM stops the build as Ctrl-C does (exit 143 with a report), also while
    the project is still loading; the build installs the same for its own run."""
    # Imported when a build starts: `--help` and a usage error load nothing of the pipeline.
    import signal
    import threading

    from .builder.runner import Interrupted

    def stop(signum, frame):
        raise Interrupted(signum)

    if threading.current_thread() is not threading.main_thread():
        return
    previous = signal.getsignal(signal.SIGTERM)
    if previous is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, stop)
        click.get_current_context().call_on_close(lambda: signal.signal(signal.SIGTERM, previous))


def _build_failed(obj: Context, project, exc: BaseException, as_json: bool) -> None:
    """A build that did not finish still says what it did, on stderr and (with --json) as
    the usual report on stdout, and exits with its own code. `project` is None when it
    stopped before the project was loaded (not a project folder, a signal while loading)."""
    # Imported when the command runs: `--help` and a usage error load nothing of the pipeline.
    from .builder.runner import Interrupted, Report
    from .content.diagnostics import Diagnostics

    if isinstance(exc, SystemExit):
        raise exc
    report = getattr(exc, "report", None) or Report(problems=project.problems if project else Diagnostics())
    root = project.root if project else Path(obj.project_root).resolve()
    if isinstance(exc, Interrupted):
        message, code = f"stopped by {exc}: what finished is recorded", exc.exit_code
    elif isinstance(exc, KeyboardInterrupt):
        message, code = "stopped by SIGINT", 130
    elif isinstance(exc, CfpError):
        message, code = str(exc), getattr(exc, "exit_code", 2)
    elif isinstance(exc, Exception):
        if obj.debug:
            raise exc
        # Imported when the command runs: `--help` and a usage error load nothing of the pipeline.
        import traceback
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        message, code = (f"internal error: {type(exc).__name__}: {shown(str(exc))} "
                         f"(at {Path(frame.filename).name}:{frame.lineno}); please report it"), 1
    else:
        raise exc
    _report_problems(report.problems)
    if as_json:
        data = report.to_json(root)
        data["error"] = message
        data["exit_code"] = code
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    click.echo(f"error: {message}" if code not in (130, 143) else message, err=True)
    if project is not None and not (code == 2 and not report.results):  # a usage mistake: one line
        click.echo(f"{report.count('rendered')} rendered, {report.count('failed')} failed before stopping", err=True)
    sys.exit(code)


@cli.command()
@click.option("--lang", "langs", multiple=True, metavar="LANG", help="Only this language (repeatable).")
@click.option("--graphic", "graphics", multiple=True, metavar="NAME", help="Only this graphic (repeatable).")
@click.option("--poll", is_flag=True,
              help="Look at the files every --interval seconds instead of waiting for the system to say they "
                   "changed: for network drives and shared folders, which send no word of changes.")
@click.option("--interval", type=click.FloatRange(0.1), default=1.0, show_default=True,
              help="With --poll: seconds between looks at the files.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None, help="Worker processes.  [default: all cores]")
@click.pass_obj
def watch(obj: Context, langs, graphics, poll, interval, jobs):
    """Build, then rebuild what a change affects whenever a file in content/, templates/,
    brand/, fonts/ or translations/ is saved. Each rebuild is one line (what changed and what
    was rendered), then its problems as file:line:col: message. Hidden files and editors'
    temporary files are ignored. Stop with Ctrl-C.

    \b
    Exit codes: 2 usage mistake (not a project folder, unknown language or graphic), before
                watching starts; 130/143 stopped by SIGINT/SIGTERM.
    \b
    Examples (keep it open while you edit):
      cfpgraphics watch
      cfpgraphics watch --graphic chicago-gang-database --lang es
      cfpgraphics watch --poll             # on a network drive
    """
    # Imported when the command runs: `--help` and a usage error load nothing of the pipeline.
    from .builder.runner import default_jobs
    from .builder.watch import WatchOptions, watch_project

    _validate_selection(obj.project, langs, graphics)  # not a project, a typo: exit 2 before watching
    options = WatchOptions(graphics=set(graphics), langs=set(langs), jobs=jobs or default_jobs(), poll=poll,
                           interval=interval)
    sys.exit(watch_project(obj.project.root, obj.assets, options, lambda line: click.echo(line, err=True),
                           debug=obj.debug, statuses=gallery_statuses))


@cli.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but this computer (127.0.0.1, ::1) prints a warning "
                   "and a link with a token; the server opens only with it.")
@click.option("--open", "open_browser", is_flag=True, help="Open the review page in the web browser.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None, help="Worker processes.  [default: all cores]")
@click.pass_obj
def serve(obj: Context, port, host, open_browser, jobs):
    """Build, then serve the review gallery (output/index.html), the outputs and the fonts on a
    local web server. Whenever a file in content/, templates/, brand/, fonts/ or translations/
    is saved, what it affects is rebuilt (one line, as `watch` says it) and open pages show it
    by themselves, in place (filters and scroll position stay). Stop with Ctrl-C.

    Only this computer can reach it unless --host says otherwise; then every request needs
    the token in the printed link. Only the gallery, output/ and fonts/ are served.

    \b
    Exit codes: 2 usage mistake (not a project folder, the port is in use), before serving;
                130/143 stopped by SIGINT/SIGTERM.
    \b
    Examples:
      cfpgraphics serve --open
      cfpgraphics serve --port 8001
    """
    # Imported when the command runs: `--help` and a usage error load neither the pipeline nor the web server.
    from .builder.runner import default_jobs
    from .serve.server import ServeOptions, serve_project

    project = obj.project  # not a project folder: exit 2 before anything is bound
    options = ServeOptions(host=host, port=port, open_browser=open_browser, jobs=jobs or default_jobs())
    sys.exit(serve_project(project.root, obj.assets, options, lambda line: click.echo(line, err=True),
                           debug=obj.debug))


@cli.command()
@click.argument("name", metavar="GRAPHIC")
@click.option("--template", "template_name", required=True, metavar="TEMPLATE",
              help="The template it is drawn with (see `cfpgraphics list templates`).")
@click.pass_obj
def new(obj: Context, name, template_name):
    """Start a new graphic: write content/GRAPHIC/graphic.yaml (its template, and `sizes: all`)
    and content/GRAPHIC/en.yaml with every field of the template explained in a comment and
    left empty. Write the words between the quotes; until every required field has them,
    `cfpgraphics check` lists each empty one at its line.

    \b
    Exit codes: 0 written; 2 usage mistake (the folder exists, unknown template, a name that
                cannot be a folder), nothing written; 4 a file cannot be written.
    \b
    Example:
      cfpgraphics new houston-detention --template stat
      (write the words in content/houston-detention/en.yaml, then)
      cfpgraphics check --graphic houston-detention
      cfpgraphics build --graphic houston-detention
    """
    # Imported when the command runs: `--help` and a usage error load nothing of the pipeline.
    from .exchange.new_graphic import new_graphic

    project = obj.project
    for path in new_graphic(project, name, template_name):
        click.echo(f"wrote {path.relative_to(project.root)}")
    click.echo(f"next: write the words in content/{name}/en.yaml, then `cfpgraphics check --graphic {name}`",
               err=True)


@cli.command()
@click.option("--lang", "langs", multiple=True, metavar="LANG", help="Only this language (repeatable).")
@click.option("--graphic", "graphics", multiple=True, metavar="NAME", help="Only this graphic (repeatable).")
@click.option("--coverage", is_flag=True, help="Also print the translation coverage table.")
@click.option("--only-reviewed", is_flag=True, help="Skip translations marked `status: draft`.")
@click.option("--allow-overflow", is_flag=True,
              help="Report text that cannot fit its box (or crosses the safe zone) as a warning, not an error.")
@click.pass_obj
def check(obj: Context, langs, graphics, coverage, only_reviewed, allow_overflow):
    """Check every file and lay out every output without drawing it: YAML mistakes, unknown or
    missing fields, language codes, text that cannot fit its box even at the smallest size,
    lists and stacks that overflow, anything crossing the safe zone, characters no font has.
    These are exactly the problems `build` reports.

    Each problem is printed as file:line:col: message (fix), and layout problems also name
    the output and element: [es/chicago-gang-database/story.png: statement].

    \b
    Exit codes: 0 no problems; 1 problems found; 2 usage mistake.
    \b
    Examples:
      cfpgraphics check
      cfpgraphics check --lang es
    """
    # Imported when the command runs: `--help` and a usage error load nothing of the pipeline.
    from .builder.check import check_project

    project = obj.project
    _validate_selection(project, langs, graphics)
    problems = check_project(project, set(graphics) or None, set(langs) or None, only_reviewed, allow_overflow)
    for problem in problems:
        click.echo(str(problem))
    if coverage:
        _print_coverage(project)
    click.echo(_counted(problems), err=True)
    sys.exit(1 if problems.errors else 0)


def _print_coverage(project) -> None:
    # Imported when the command runs: `--help` and a usage error load nothing of the pipeline.
    from .exchange.translations import coverage

    languages, table = coverage(project)
    width = max([len(g) for g in table] + [7])
    click.echo(f"{'graphic':<{width}}  " + "  ".join(f"{lang:<7}" for lang in languages))
    for graphic, row in table.items():
        click.echo(f"{graphic:<{width}}  " + "  ".join(f"{row[lang].status:<7}" for lang in languages))
    totals = {}
    for row in table.values():
        for cell in row.values():
            totals[cell.status] = totals.get(cell.status, 0) + 1
    click.echo("  ".join(f"{count} {status}" for status, count in sorted(totals.items())))


@cli.command()
@click.pass_obj
def translations(obj: Context):
    """Show which graphics are translated into which languages: done, draft (waiting for a
    native speaker's review), missing, or stale (the English changed since).

    \b
    Example:
      cfpgraphics translations
    """
    _print_coverage(obj.project)


@cli.group()
def translate():
    """Start or update translations (see `translate new --help`)."""


@translate.command("new")
@click.argument("lang")
@click.argument("graphics", nargs=-1)
@click.option("--overwrite", is_flag=True, help="Replace files that already exist.")
@click.pass_obj
def translate_new(obj: Context, lang, graphics, overwrite):
    """Write translation files for LANG (a BCP 47 tag: es, vi, zh-Hant, km ...), one per graphic
    (or only the GRAPHICS named), with the English as comments, ready to fill in.

    Existing files are left alone. Any language works if the fonts cover its script.

    \b
    Examples:
      cfpgraphics translate new pt
      cfpgraphics translate new so chicago-gang-database
    """
    # Imported when the command runs: `--help` and a usage error load nothing of the pipeline.
    from .exchange.translations import new_translation

    for path in new_translation(obj.project, lang, list(graphics) or None, overwrite):
        click.echo(f"wrote {path.relative_to(obj.project.root)}")


@translate.command("stamp")
@click.argument("lang")
@click.argument("graphics", nargs=-1)
@click.pass_obj
def translate_stamp(obj: Context, lang, graphics):
    """Mark LANG's translations as matching the current English (after you updated them), so
    they no longer show as stale.

    \b
    Example:
      cfpgraphics translate stamp es chicago-gang-database
    """
    # Imported when the command runs: `--help` and a usage error load nothing of the pipeline.
    from .exchange.translations import stamp

    for path in stamp(obj.project, lang, list(graphics) or None):
        click.echo(f"stamped {path.relative_to(obj.project.root)}")


@translate.command("review")
@click.argument("lang")
@click.argument("graphics", nargs=-1)
@click.option("--draft", is_flag=True, help="Take the mark back: the translation is a draft again.")
@click.pass_obj
def translate_review(obj: Context, lang, graphics, draft):
    """Mark LANG's translation of each graphic (or only the GRAPHICS named) as reviewed by a
    native speaker: its images lose the draft band and `build --only-reviewed` publishes them.

    Every translation starts as a draft, whether it comes as a YAML file, a PO file or a
    spreadsheet. In a YAML file this writes `status: reviewed`; in a PO file a `# reviewed ...`
    comment on each entry (Poedit, Weblate and msgmerge keep it; an entry edited afterwards is
    a draft again). A graphic half translated, with errors, with fuzzy entries or whose English
    changed since is left as it is, and the reason is printed (exit 1).

    \b
    Examples:
      cfpgraphics translate review es chicago-gang-database
      cfpgraphics translate review vi              # every graphic in Vietnamese
      cfpgraphics translate review vi coalition --draft
    """
    # Imported when the command runs: `--help` and a usage error load nothing of the pipeline.
    from .exchange.review import review

    result = review(obj.project, lang, list(graphics) or None, draft)
    done = "a draft again" if draft else "reviewed"
    for name, file in result.marked:
        click.echo(f"{done}: {name} ({file})")
    for name, file in result.unchanged:
        click.echo(f"already {done}: {name} ({file})")
    for name, why in result.refused:
        click.echo(f"not {'changed' if draft else 'reviewed'}: {name}: {why}", err=True)
    if result.refused:
        sys.exit(1)


@translate.command("pot")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write it.  [default: translations/cfpgraphics.pot]")
@click.pass_obj
def translate_pot(obj: Context, output):
    """Write the gettext template (POT) of the whole campaign from the English, for Weblate,
    Crowdin or Poedit: one entry per text (msgctxt graphic/field), with what it is, how the
    **emphasis** marks work and about how many characters fit at the smallest size.

    \b
    Example:
      cfpgraphics translate pot
    """
    # Imported when the command runs: `--help` and a usage error load nothing of the pipeline.
    from .content.po_catalogs import POT_NAME, PO_FOLDER
    from .exchange.po_files import write_pot

    project = obj.project
    path = output or project.root / PO_FOLDER / POT_NAME
    write_pot(project, path, inside=output is None)
    click.echo(f"wrote {path}")


@translate.command("update")
@click.pass_obj
def translate_update(obj: Context):
    """After the English changed: write the POT again and merge it into every
    translations/<lang>.po the way msgmerge does. New texts come in empty; a text whose
    English changed keeps its translation, marked fuzzy (a draft), with the old English
    as `#| msgid` so the translator sees what changed.

    \b
    Example:
      cfpgraphics translate update
    """
    # Imported when the command runs: `--help` and a usage error load nothing of the pipeline.
    from .exchange.po_files import update_catalogs

    project = obj.project
    for path, fuzzy, problem in update_catalogs(project):
        if problem:
            click.echo(f"error: {path.name}: {problem}; left as it is", err=True)
        else:
            click.echo(f"updated {path.relative_to(project.root)} ({fuzzy} fuzzy)")


@translate.command("export")
@click.option("--to", "to", type=click.Choice(["po", "csv"]), required=True, help="The form to write.")
@click.option("--lang", "langs", multiple=True, metavar="LANG", help="Only this language (repeatable).")
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path), default=Path("exports"),
              show_default=True, help="Folder to write <lang>.po or <lang>.csv into.")
@click.pass_obj
def translate_export(obj: Context, to, langs, out):
    """Write each language's translations (YAML or PO) as a PO file or a spreadsheet (CSV:
    one row per text, with the English, the translation, its status and a fit hint; opens in
    LibreOffice and Google Sheets). Import the edited file back with `translate import`.

    \b
    Examples:
      cfpgraphics translate export --to csv --lang vi
      cfpgraphics translate export --to po -o /tmp/po
    """
    # Imported when the command runs: `--help` and a usage error load nothing of the pipeline.
    from .exchange.transfer import export

    project = obj.project
    _validate_selection(project, langs, ())
    out = out if out.is_absolute() else project.root / out
    for path in export(project, to, langs, out):
        click.echo(f"wrote {path}")


@translate.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", default=None, metavar="LANG",
              help="The file's language.  [default: the PO header's Language, else the file name: es.csv]")
@click.pass_obj
def translate_import(obj: Context, file, lang):
    """Bring a translated PO file or spreadsheet (CSV) into content/<graphic>/<lang>.yaml.
    Every entry is checked (its graphic and field, ** marks, length, whether it fits at every
    size); good entries are written, bad ones are listed with their line or row and left out.

    \b
    Exit codes: 0 every entry imported; 1 some entries were left out; 2 usage mistake;
                4 a file cannot be written (read-only, disk full): no file was changed.
    \b
    Example:
      cfpgraphics translate import ~/Downloads/vi.csv
    """
    # Imported when the command runs: `--help` and a usage error load nothing of the pipeline.
    from .exchange.transfer import import_file

    project = obj.project
    result = import_file(project, file, lang)
    _report_problems(result.problems)
    for path in result.written:
        click.echo(f"wrote {path.relative_to(project.root)}")
    click.echo(f"{result.accepted} entries imported, {len(result.problems.errors)} left out; "
               f"{len(result.written)} files written, {len(result.unchanged)} unchanged", err=True)
    sys.exit(result.exit_code or (1 if result.problems.errors else 0))


def _parse_sets(pairs, template) -> dict:
    values: dict = {}
    for pair in pairs:
        if "=" not in pair:
            raise CfpError(f"--set expects FIELD=TEXT, got '{pair}'")
        key, value = pair.split("=", 1)
        if key not in template.fields:
            # Imported when the command runs: `--help` and a usage error load nothing of the pipeline.
            from .content.names import did_you_mean
            raise CfpError(f"template '{template.name}' has no field '{key}'",
                           fix=did_you_mean(key, template.fields) or "fields: " + ", ".join(template.fields))
        if template.fields[key].type == "list":
            values.setdefault(key, []).append(value)
        else:
            values[key] = value
    return values


MAX_SET_CHARS = 2048  # over ten times any field's max_chars: laid out in about 2 s, 100,000 took minutes


def _check_sets(template, values) -> list:
    """--set values against the limits a content file's have, before any layout. Bad markup
    (an unclosed **) is a usage mistake on one line (exit 2), never a traceback. Text longer
    than its field's max_chars gets the very message a content file gets, as an error (exit 1),
    and is still drawn so you can see it, as overflow is; longer than MAX_SET_CHARS it is
    refused (exit 2): a 100,000-character word ran out of memory, 30,000 backslashes took
    minutes. Returns the length problems, to be reported with the layout's."""
    # Imported when the command runs: `--help` and a usage error load nothing of the pipeline.
    from .content.values import check_given_values

    kept = []
    for name, value in values.items():
        problems = check_given_values({name: value}, template)
        for problem in problems.errors:
            if problem.code != "too-long":
                raise CfpError(f"--set {name}: {problem.message}", fix=problem.fix, code=problem.code)
            longest = max((len(text) for text in _texts(value)), default=0)
            if longest > MAX_SET_CHARS:
                raise CfpError(f"--set {name}: {problem.message}; a --set value over {MAX_SET_CHARS} characters "
                               "is not laid out", fix=problem.fix, code=problem.code)
            kept.append(problem)
    return kept


def _texts(value) -> list[str]:
    """Every piece of text in a value (a text, a list of texts, a list of {key: text})."""
    if isinstance(value, list):
        return [t for item in value for t in (item.values() if isinstance(item, dict) else [item])
                if isinstance(t, str)]
    return [value] if isinstance(value, str) else []


def _template(project, name):
    if name not in project.templates:
        # Imported when the command runs: `--help` and a usage error load nothing of the pipeline.
        from .content.names import did_you_mean
        raise CfpError(f"unknown template '{name}'",
                       fix=did_you_mean(name, project.templates) or "templates: " + ", ".join(sorted(project.templates)))
    return project.templates[name]


def _render_options(func):
    for decorator in reversed([
        click.argument("template_name", metavar="TEMPLATE"),
        click.option("--size", default="instagram-square", show_default=True,
                     help="Size preset (see `cfpgraphics list sizes`) or WIDTHxHEIGHT."),
        click.option("--lang", default="en", show_default=True, help="BCP 47 language of the text (es, vi, zh-Hant, ar...)."),
        click.option("--set", "pairs", multiple=True, metavar="FIELD=TEXT",
                     help="A field's text (repeatable; repeat a list field once per item)."),
        click.option("--page", type=click.IntRange(1), default=None,
                     help="For multi-page templates (carousel): only this page.  [default: all pages]"),
    ]):
        func = decorator(func)
    return func


def _prepare(obj: Context, template_name, size, lang, pairs):
    # Imported when the command runs: `--help` and a usage error load nothing of the pipeline.
    from .content.language_tags import check_tag
    project = obj.project
    template = _template(project, template_name)
    known, guess = check_tag(lang)
    if not known:
        # Imported when the command runs: `--help` and a usage error load nothing of the pipeline.
        from .content.names import language_of_file_name
        guess = language_of_file_name(lang)[1] or guess
        raise CfpError(f"unknown language '{lang}'", fix=f"did you mean '{guess}'?" if guess else "use a BCP 47 tag such as es or zh-Hant")
    # Imported when the command runs: `--help` and a usage error load nothing of the pipeline.
    from .content.values import normalise_values
    values = normalise_values(template, _parse_sets(pairs, template))
    too_long = _check_sets(template, values)
    # Imported when the command runs: `--help` and a usage error load nothing of the pipeline.
    from .content.messages import CELLS, cells_of, message_fields, with_count
    for name in message_fields(template)[:1]:  # one message in every language: from the campaign's files
        values[CELLS] = cells_of(project, str(values.get(name) or ""))
        values = with_count(values)
    return project, template, parse_size(size), values, too_long


@cli.command()
@_render_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="File to write; its name says the format: .png, .jpg, .webp (stills), .pdf (vector), .mp4, "
                   ".anim.webp (clips).")
@click.option("--format", "formats", multiple=True, metavar="FORMAT",
              help=f"Write this format too (repeatable): {_FORMATS_HELP}; files beside -o, named after it "
                   "(-o x.webp --format webp-anim: x.webp is the animated WebP).")
@click.option("--allow-overflow", is_flag=True,
              help="Exit 0 even when text cannot fit its box (it is still reported, as a warning).")
@click.option("--crop-marks", is_flag=True, help="A PDF gets trim marks outside its bleed (print sizes).")
@click.pass_obj
def render(obj: Context, template_name, size, lang, pairs, page, output, formats, allow_overflow, crop_marks):
    """Render one graphic from TEMPLATE and --set values, no content file needed.

    The format comes from -o's extension (out.jpg: JPEG; clip.mp4 and clip.anim.webp: clips,
    every page in one file); with --format, one file per format is written beside it
    (-o out.png --format jpeg --format webp: out.png, out.jpg, out.webp).
    A multi-page template (carousel) writes one file per page, numbered like the build's
    outputs: -o post.png gives post-1.png, post-2.png ...; --page N writes only page N.
    Text that cannot fit its box even at the smallest size is reported and the command exits
    1; the image is still written so you can see it.

    \b
    Exit codes: 0 written, no problems; 1 written, but text does not fit (or another layout
                problem); 2 usage mistake.

    \b
    Example:
      cfpgraphics render stat --size instagram-square --lang en \\
        --set stat=95% \\
        --set statement="of people on Chicago's gang database were Black and Latinx" \\
        -o out.png
      cfpgraphics render stat ... -o out.jpg          # a JPEG
      cfpgraphics render stat --size story ... -o clip.mp4   # a clip
      cfpgraphics render stat --size a4 ... -o flyer.pdf --crop-marks   # a vector PDF to print
    """
    # Imported when the command runs: `--help` and a usage error load nothing of the pipeline.
    from .builder.runner import render_canvas
    from .content.diagnostics import relax_overflow
    from .builder.output import write_output
    from .content.formats import is_clip, with_format
    from .render.backends import encode_formats

    targets = _render_targets(output, formats)  # before anything is loaded: a wrong extension is exit 2
    project, template, size_spec, values, too_long = _prepare(obj, template_name, size, lang, pairs)
    _report_problems(too_long)  # drawn anyway, so you can see it; still an error
    failed = bool(too_long)
    stills = tuple(f for f in targets if not is_clip(f))
    if stills:  # one drawing per page, encoded in each still format
        for number, path in _pages(template, values, page, output, size_spec):
            canvas, scene = render_canvas(project, template.name, values, lang, size_spec, number)
            encoding = {**project.brand.encoding, "pdf": {**project.brand.encoding.get("pdf", {}),
                                                          "crop_marks": crop_marks}}
            encoded, _ = encode_formats(scene, project.fonts.faces, project.assets, stills, encoding, canvas=canvas)
            for format, data in encoded.items():
                file = path if targets[format] == output else with_format(path, format)
                write_output(file, data)
                click.echo(f"wrote {file} ({size_spec.width}x{size_spec.height})")
            problems = relax_overflow(scene.diagnostics, allow_overflow)
            _report_problems(problems)
            failed = failed or any(p.severity == "error" for p in problems)
    for format in (f for f in targets if is_clip(f)):  # a clip: every page in one file (builder/clips.py)
        # Imported when the command runs: `--help` loads nothing of the pipeline.
        from .builder.clips import render_clip
        problems = relax_overflow(render_clip(project, template, values, lang, size_spec, format, targets[format]),
                                  allow_overflow)
        _report_problems(problems)
        failed = failed or any(p.severity == "error" for p in problems)
        click.echo(f"wrote {targets[format]} ({size_spec.width}x{size_spec.height}, {format})")
    sys.exit(1 if failed else 0)


@cli.command("print")
@click.argument("graphic", metavar="GRAPHIC")
@click.option("--size", default="a4", show_default=True, metavar="SIZE",
              help="A print size: " + ", ".join(PRINT_PRESETS) + " (any size works; `cfpgraphics list sizes`).")
@click.option("--lang", "langs", multiple=True, metavar="LANG",
              help="Only this language (repeatable; pages in the order given). Default: every translation, "
                   "English first.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The PDF to write.  [default: output/print/GRAPHIC-SIZE.pdf]")
@click.option("--crop-marks", is_flag=True, help="Trim marks at the corners, outside the 3 mm bleed.")
@click.option("--only-reviewed", is_flag=True, help="Leave out translations marked `status: draft`.")
@click.option("--allow-overflow", is_flag=True,
              help="Exit 0 even when text cannot fit its box (it is still reported, as a warning).")
@click.pass_obj
def print_(obj: Context, graphic, size, langs, output, crop_marks, only_reviewed, allow_overflow):
    """Write one PDF of GRAPHIC with a page per language, for print (a carousel: its pages
    in order within each language).

    Pages are vector: the type is text in embedded fonts (it can be searched and copied in
    every language), shapes and QR codes are vector, and each page has a 3 mm bleed (BleedBox)
    around its trim (TrimBox). Laid out exactly as `build --size SIZE` lays it out.

    \b
    Exit codes: 0 written; 1 written, but text does not fit (or another layout problem);
                2 usage mistake (unknown graphic, size or language).

    \b
    Examples:
      cfpgraphics print chicago-gang-database                  # A4, every language
      cfpgraphics print chicago-gang-database --size tabloid --crop-marks
      cfpgraphics print four-places --size a4-landscape --lang en --lang es -o table.pdf
    """
    # Imported when the command runs: `--help` and a usage error load nothing of the pipeline.
    from .builder.output import write_output
    from .builder.print_pack import print_pack
    from .content.diagnostics import relax_overflow

    project = obj.project
    def progress(index, total, name):
        click.echo(f"[{index}/{total}] laying out {name.rsplit('.', 1)[0]}", err=True)

    pack = print_pack(project, graphic, size, tuple(langs), crop_marks, only_reviewed, on_page=progress)
    target = output or project.output_dir / "print" / f"{graphic}-{size}.pdf"
    write_output(target, pack.data)
    problems = relax_overflow(pack.diagnostics, allow_overflow)
    _report_problems(problems)
    click.echo(f"wrote {target} ({len(pack.pages)} page{'s' * (len(pack.pages) != 1)}, {size}, "
               f"{len(pack.data) / 1024:.0f} KB)")
    sys.exit(1 if any(p.severity == "error" for p in problems) else 0)


def _render_targets(output: Path, formats) -> dict[str, Path]:
    """format -> its file: -o itself for the format its name says (.png .jpg .jpeg .webp
    stills, .mp4 and .anim.webp clips; `-o x.webp --format webp-anim` makes x.webp the
    animated WebP), each other --format beside it, named after it. A name it cannot write is a
    usage mistake (exit 2), never a PNG under that name."""
    # Imported when the command runs: `--help` and a usage error load nothing of the pipeline.
    from .content.formats import check_formats, format_of_path, suffix, with_format
    from .render.backends import BACKENDS
    available = tuple(BACKENDS)
    own = format_of_path(output)
    if own is None:
        what = f"'{output.suffix}'" if output.suffix else "no extension"
        raise CfpError(f"-o {output.name}: cannot write a file with {what}", code="format",
                       fix="end the file name in " + ", ".join(
                           suffix(f) for f in available) + " (the extension says the format)")
    chosen = check_formats(formats, available)
    if own not in available:
        raise CfpError(f"{own} is not available yet", code="format-unavailable",
                       fix=f"write -o {output.stem}.png (formats available: {', '.join(available)})")
    if own == "webp" and "webp-anim" in chosen and "webp" not in chosen:
        own = "webp-anim"  # --format webp-anim -o clip.webp: the animated WebP is -o itself
    targets: dict[str, Path] = {own: output}
    for format in chosen:
        targets.setdefault(format, with_format(output, format))
    return targets


def _pages(template, values, page, output: Path | None = None, size=None) -> list[tuple[int | None, Path | None]]:
    """(page number, file) to render: every page of a multi-page template (those of this
    size: a link card gets the cover alone) unless --page."""
    count = template.page_count(values, size) if template.multi_page else 1
    if count == 1:
        if page not in (None, 1):
            raise CfpError(f"template '{template.name}' has one page" + (f" on {size.name}" if size else ""))
        return [(None, output)]
    if page is not None and page > count:
        raise CfpError(f"page {page} does not exist: this {template.name} has {count} pages")
    numbers = [page] if page is not None else list(range(1, count + 1))
    if output is None:
        return [(n, None) for n in numbers]
    return [(n, output if page is not None else output.with_name(f"{output.stem}-{n}{output.suffix}"))
            for n in numbers]


@cli.command()
@_render_options
@click.pass_obj
def layout(obj: Context, template_name, size, lang, pairs, page):
    """Print the text layout of a graphic as JSON (same arguments as `render`).

    For each text element: the chosen font size, whether it fits, and per line its text,
    position, width, fonts and direction; missing glyphs and overflow as data.

    \b
    Example:
      cfpgraphics layout stat --lang km --set stat=95% --set statement="..."
    """
    # Imported when the command runs: `--help` and a usage error load nothing of the pipeline.
    from .render.compose import compose

    project, template, size_spec, values, too_long = _prepare(obj, template_name, size, lang, pairs)
    pages = []
    for number, _ in _pages(template, values, page, size=size_spec):
        scene = compose(project.brand, project.fonts, project.assets, template, values, lang, size_spec, page=number or 1,
                        root=project.root)
        pages.append({"page": number,
                      "elements": {name: layout.to_json() for name, layout in scene.layouts.items()},
                      "problems": [d.to_json() for d in [*too_long, *scene.diagnostics]]})
    data = {"template": template.name, "size": size_spec.name, "lang": lang}
    data.update(pages[0] if len(pages) == 1 else {"pages": pages})
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@cli.command("list")
@click.argument("what", type=click.Choice(["templates", "sizes", "languages", "graphics", "all"]), default="all")
@click.pass_obj
def list_(obj: Context, what):
    """List templates (with their fields), size presets, languages and graphics.

    \b
    Examples:
      cfpgraphics list
      cfpgraphics list sizes
    """
    if what in ("sizes", "all"):
        click.echo("Sizes (or any WIDTHxHEIGHT):")
        for size in PRESETS.values():
            click.echo(f"  {size.name:<20} {size.width}x{size.height}  {size.description}")
        click.echo("Print sizes (asked for by name: `--size a4`, `cfpgraphics print`; px of 1/150 inch, "
                   "3 mm bleed included):")
        for size in PRINT_PRESETS.values():
            click.echo(f"  {size.name:<20} {size.width}x{size.height}  {size.description}")
    if what == "sizes":
        return
    project = obj.project
    if what in ("templates", "all"):
        click.echo("Templates:")
        for template in project.templates.values():
            fields = ", ".join(f"{f.name}{'' if f.required else '?'}" for f in template.fields.values())
            click.echo(f"  {template.name:<14} {template.description}  fields: {fields}")
    if what in ("languages", "all"):
        # Imported when the command runs: `--help` and a usage error load nothing of the pipeline.
        from .content.language_tags import display_name
        click.echo("Languages:")
        for lang in project.languages:
            click.echo(f"  {lang:<8} {display_name(lang)}")
    if what in ("graphics", "all"):
        click.echo("Graphics:")
        for graphic in project.graphics.values():
            click.echo(f"  {graphic.name:<28} {graphic.template:<12} {', '.join(sorted(graphic.translations))}")
    _report_problems(project.problems)


def main(args=None):
    """The process's entry point (the console script; `args` lets a test's runner script pass
    its own). It may end the process itself, so in-process tests call `cli` instead."""
    try:
        cli.main(args=args, prog_name="cfpgraphics")
    except SystemExit as exc:
        if exc.code in (130, 143):
            # Stopped by a signal, with what finished recorded and the report printed: leave
            # without Python's exit hooks, one of which (CPython 3.11's concurrent.futures)
            # can race a stopped pool's manager thread and print a traceback after the report.
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except (OSError, ValueError):  # a closed pipe: nothing more can be said
                    pass
            os._exit(exc.code)
        raise
