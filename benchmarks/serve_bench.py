"""How live the editor feels: `cfpgraphics serve` over HTTP on 127.0.0.1.

1. Keystroke to new preview image: for a square stat card in each language, the statement
   gets one more character per request (new text every time, as typing gives), and the time
   from sending `POST /api/preview` to having the PNG is measured (p50, p95).
2. Eight simulated editors typing 5 keystrokes a second for --seconds, each behaving as the
   editor page's script does (serve/editor.py): a preview is asked for at once when none is in
   flight, else the keystrokes typed meanwhile go in one request sent the moment the answer
   comes (the latest text); Save is pressed every 25th keystroke, beside the previews. Printed:
   failed requests, p50/p95 of the requests, p50/p95 from each keystroke to the picture that
   has it, the peak memory of the server and all its processes, every last save on disk.

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


def _summed_kb(pid: int, file: str, field: str) -> float:
    """`field` (kB) of /proc/<pid>/`file`, summed over the server and all its processes, in MB."""
    total = 0
    for child in descendants(pid):
        try:
            for line in Path(f"/proc/{child}/{file}").read_text().splitlines():
                if line.startswith(field):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def rss_mb(pid: int) -> float:
    """The resident memory of the server and all its processes, summed (shared pages counted in
    each process, so never less than the truth)."""
    return _summed_kb(pid, "status", "VmRSS:")


def pss_mb(pid: int) -> float:
    """The same processes' proportional memory (Linux smaps_rollup): a page shared by n
    processes counts 1/n in each, so the sum is the memory they take together."""
    return _summed_kb(pid, "smaps_rollup", "Pss:")


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
            times, failures, peak, saves, waits, kinds = [], [], 0.0, [], [], []
            peak_pss = 0.0
            lock = threading.Lock()
            began = time.monotonic()
            stop = began + args.seconds

            def request(own: httpx.Client, path: str, body: dict):
                """One POST, timed and counted; the answer, or None when it failed."""
                start = time.perf_counter()
                try:
                    answer = own.post(path, headers=headers, json=body)
                    ok = answer.status_code in (200, 409)
                except httpx.HTTPError as exc:
                    ok, answer = False, exc
                with lock:
                    times.append((time.perf_counter() - start) * 1000)
                    kinds.append(path)
                    if not ok:
                        failures.append(str(answer)[:100])
                return answer if ok else None

            def editor(n: int) -> None:
                """The editor page's script (cfpgraphics/serve/editor.py) as a person types into it:
                a keystroke every 0.2 s of the clock whatever the server does; a preview is sent at
                once when none is in flight, else the keystrokes typed meanwhile go in one request
                sent the moment the answer comes (the latest text). For each keystroke, the time
                until a picture with it is back ("keystroke to picture")."""
                lang = LANGS[n % len(LANGS)]
                own = httpx.Client(base_url=url, timeout=30)
                rng = random.Random(n)
                typed = "".join(rng.choice("abcdefgh ") for _ in range(int(args.seconds * 5) + 5))
                sent = 0  # keystrokes the pictures asked for so far contain
                while True:
                    now = time.monotonic()
                    count = min(int((now - began) / 0.2), int(args.seconds * 5))  # typed by now
                    if count == sent:
                        if now >= stop:
                            return
                        time.sleep(max(0.0, began + (count + 1) * 0.2 - now))
                        continue
                    request(own, "/api/preview", {"graphic": GRAPHIC, "lang": lang, "size": "instagram-square",
                                                 "texts": {"statement": (typed[:count][-60:] or "x")}})
                    back = time.monotonic()
                    with lock:
                        waits.extend((back - (began + k * 0.2)) * 1000 for k in range(sent + 1, count + 1))
                    sent = count

            def saver(n: int) -> None:
                """The same editor's Save button, pressed every 25th keystroke (5 s), beside its
                previews as a page does it (another request, not waiting for them)."""
                lang = LANGS[n % len(LANGS)]
                if lang == "en":
                    return
                own = httpx.Client(base_url=url, timeout=30)
                words = own.get("/api/texts", params={"graphic": GRAPHIC, "lang": lang}).json()
                count = 25
                while began + count * 0.2 < stop:
                    time.sleep(max(0.0, began + count * 0.2 - time.monotonic()))
                    answer = request(own, "/api/save", {"graphic": GRAPHIC, "lang": lang, "base": words["base"],
                                                        "texts": {"kicker": f"K{n}-{count}"}})
                    if answer is not None and answer.status_code == 409:  # another tab saved: reload
                        words = own.get("/api/texts", params={"graphic": GRAPHIC, "lang": lang}).json()
                    elif answer is not None:
                        words["base"] = answer.json()["base"]
                        with lock:
                            saves.append((lang, f"K{n}-{count}"))
                    count += 25

            threads = [threading.Thread(target=work, args=(n,)) for n in range(8) for work in (editor, saver)]
            for thread in threads:
                thread.start()
            while any(t.is_alive() for t in threads):
                peak = max(peak, rss_mb(server.pid))
                peak_pss = max(peak_pss, pss_mb(server.pid))
                time.sleep(0.5)
            on_disk = sum(f'kicker: "{kicker}"' in (root / "content" / GRAPHIC / f"{lang}.yaml").read_text(
                encoding="utf-8") for lang, kicker in {lang: k for lang, k in saves}.items())
            print(f"requests {len(times)}, failed {len(failures)}, p50 {statistics.median(times):.0f} ms, "
                  f"p95 {percentile(times, 0.95):.0f} ms, server peak memory {peak:.0f} MB "
                  f"(RSS summed; proportional, shared pages once: {peak_pss:.0f} MB)")
            for path in sorted(set(kinds)):
                some = [t for t, k in zip(times, kinds) if k == path]
                print(f"  {path}: {len(some)} requests, p50 {statistics.median(some):.0f} ms, "
                      f"p95 {percentile(some, 0.95):.0f} ms")
            print(f"keystrokes {len(waits)}, keystroke to picture p50 {statistics.median(waits):.0f} ms, "
                  f"p95 {percentile(waits, 0.95):.0f} ms")
            print(f"saves {len(saves)}; the last save of each language on disk: {on_disk} of "
                  f"{len({lang for lang, _ in saves})}")
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
