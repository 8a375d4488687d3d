"""How live the editor feels: `cfpgraphics serve` over HTTP on 127.0.0.1.

1. Keystroke to new preview image: for a square stat card in each language, the statement
   gets one more character per request (new text every time, as typing gives), and the time
   from sending `POST /api/preview` to having the PNG is measured (p50, p95).
2. Eight simulated editors typing 5 keystrokes a second (each a preview; every 25th a save)
   for --seconds: failed requests, p95, the server's peak memory, every save on disk.

    python benchmarks/serve_bench.py [--seconds 60] [--keys 30]
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
GRAPHIC = "chicago-gang-database"
LANGS = ["en", "es", "vi", "zh-Hans", "zh-Hant", "ko", "km", "lo", "tl", "ar"]


def project(tmp: Path) -> Path:
    root = tmp / "proj"
    for folder in ("brand", "templates"):
        shutil.copytree(ROOT / folder, root / folder)
    (root / "fonts").symlink_to(ROOT / "fonts")
    (root / "content").mkdir()
    shutil.copytree(ROOT / "content" / GRAPHIC, root / "content" / GRAPHIC)
    meta = root / "content" / GRAPHIC / "graphic.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("sizes: all", "sizes: [instagram-square]"),
                    encoding="utf-8")
    return root


def descendants(pid: int) -> list[int]:
    """`pid` and every process under it (children's children too: a preview worker's helpers)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += [int(p) for p in subprocess.run(["pgrep", "-P", str(current)], capture_output=True,
                                                text=True).stdout.split()]
    return found


def rss_mb(pid: int) -> float:
    """The resident memory of the server and all its processes, summed (shared pages counted in
    each process, so never less than the truth)."""
    total = 0
    for child in descendants(pid):
        try:
            for line in Path(f"/proc/{child}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--keys", type=int, default=30, help="keystrokes per language")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = project(Path(tmp))
        server = subprocess.Popen([sys.executable, "-m", "cfpgraphics", "--project", str(root), "serve", "--port", "0",
                                   "--jobs", "1"], stderr=subprocess.PIPE, text=True)
        try:
            for line in server.stderr:
                found = re.search(r"serving the review gallery at (http://127\.0\.0\.1:\d+/)", line)
                if found:
                    url = found.group(1)
                    break
            threading.Thread(target=lambda: [None for _ in server.stderr], daemon=True).start()
            client = httpx.Client(base_url=url, timeout=30)
            token = re.search(r'name="cfp-token" content="([^"]+)"', client.get("/").text).group(1)
            headers = {"X-CFP-Token": token, "Origin": url.rstrip("/")}
            print(f"keystroke to preview, {GRAPHIC} instagram-square, {args.keys} keystrokes per language:")
            print(f"{'lang':8} {'p50 ms':>8} {'p95 ms':>8}")
            everything = []
            for lang in LANGS:
                base = client.get("/api/texts", params={"graphic": GRAPHIC, "lang": lang}).json()
                # typed out without its marks (a half-typed ** would be markup left open)
                statement = (base["texts"].get("statement") or base["english"]["statement"]).replace("**", "")
                times = []
                for i in range(args.keys + 3):
                    text = statement[: max(1, len(statement) - args.keys + i)]  # typing it out
                    start = time.perf_counter()
                    answer = client.post("/api/preview", headers=headers, json={
                        "graphic": GRAPHIC, "lang": lang, "size": "instagram-square", "texts": {"statement": text}})
                    elapsed = (time.perf_counter() - start) * 1000
                    assert answer.status_code == 200 and answer.json()["png"], answer.text[:200]
                    if i >= 3:  # the first few warm the fonts of this script
                        times.append(elapsed)
                everything += times
                print(f"{lang:8} {statistics.median(times):8.1f} {percentile(times, 0.95):8.1f}")
            print(f"{'all':8} {statistics.median(everything):8.1f} {percentile(everything, 0.95):8.1f}")

            print(f"\neight editors, 5 keystrokes a second each, {args.seconds:.0f} s:")
            times, failures, peak, saves = [], [], 0.0, []
            lock = threading.Lock()
            stop = time.monotonic() + args.seconds

            def editor(n: int) -> None:
                lang = LANGS[n % len(LANGS)]
                own = httpx.Client(base_url=url, timeout=30)
                words = own.get("/api/texts", params={"graphic": GRAPHIC, "lang": lang}).json()
                typed, count = "", 0
                while time.monotonic() < stop:
                    next_at = time.monotonic() + 0.2
                    typed += random.choice("abcdefgh ")
                    count += 1
                    start = time.perf_counter()
                    try:
                        if count % 25 == 0 and lang != "en":
                            answer = own.post("/api/save", headers=headers, json={
                                "graphic": GRAPHIC, "lang": lang, "base": words["base"],
                                "texts": {"kicker": f"K{n}-{count}"}})
                            if answer.status_code == 409:  # another editor of this language saved: reload
                                words = own.get("/api/texts", params={"graphic": GRAPHIC, "lang": lang}).json()
                            elif answer.status_code == 200:
                                words["base"] = answer.json()["base"]
                                with lock:
                                    saves.append((lang, f"K{n}-{count}"))
                        else:
                            answer = own.post("/api/preview", headers=headers, json={
                                "graphic": GRAPHIC, "lang": lang, "size": "instagram-square",
                                "texts": {"statement": (typed[-60:] or "x")}})
                        ok = answer.status_code in (200, 409)
                    except httpx.HTTPError as exc:
                        ok, answer = False, exc
                    with lock:
                        times.append((time.perf_counter() - start) * 1000)
                        if not ok:
                            failures.append(str(answer)[:100])
                    time.sleep(max(0.0, next_at - time.monotonic()))

            threads = [threading.Thread(target=editor, args=(n,)) for n in range(8)]
            for thread in threads:
                thread.start()
            while any(t.is_alive() for t in threads):
                peak = max(peak, rss_mb(server.pid))
                time.sleep(0.5)
            on_disk = sum(f'kicker: "{kicker}"' in (root / "content" / GRAPHIC / f"{lang}.yaml").read_text(
                encoding="utf-8") for lang, kicker in {lang: k for lang, k in saves}.items())
            print(f"requests {len(times)}, failed {len(failures)}, p50 {statistics.median(times):.0f} ms, "
                  f"p95 {percentile(times, 0.95):.0f} ms, server peak memory {peak:.0f} MB")
            print(f"saves {len(saves)}; the last save of each language on disk: {on_disk} of "
                  f"{len({lang for lang, _ in saves})}")
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
