"""Benchmark ``corsdoctor har`` on a generated body-heavy HAR, beside ``json.load`` of the same file.

    python benchmarks/bench_har.py                # 1 GiB, >= 50,000 entries with bodies
    python benchmarks/bench_har.py --size-mb 64   # quick run

Each measurement runs in a fresh subprocess (peak RSS from ``resource.getrusage``); medians of
``--repeat`` runs are printed with MB/s and the ratio to ``json.load``.  Target: >= 100 MB/s
and peak RSS <= 300 MB for the analysis.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PAGE = "https://app.example.test"
HOSTS = ["https://api.example.test", "https://cdn.example.test", "https://auth.example.test"]

_CHILD = r"""
import json, resource, sys, time
mode, path = sys.argv[1], sys.argv[2]
start = time.perf_counter()
if mode == "json.load":
    with open(path, "rb") as f:
        doc = json.load(f)
    n = len(doc["log"]["entries"])
else:
    from corsdoctor.har import analyse
    import os
    from corsdoctor.har._render import iter_render
    report = analyse(path)
    with open(os.devnull, "w", encoding="utf-8") as sink:
        sink.writelines(iter_render(report, "json"))
    n = report.entries_read
elapsed = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": elapsed, "rss_mb": rss, "entries": n}))
"""


def _entry(i: int, rng: random.Random, body_bytes: int) -> dict[str, object]:
    host = HOSTS[i % len(HOSTS)]
    kind = i % 10
    method = "PUT" if kind == 7 else "GET"
    url = f"{host}/v1/items/{i}?page={i % 7}"
    headers = [
        {"name": "Host", "value": host.split("//")[1]},
        {"name": "Origin", "value": PAGE},
        {"name": "Accept", "value": "application/json"},
        {"name": "User-Agent", "value": "Mozilla/5.0 bench"},
        {"name": "Cookie", "value": f"session={rng.getrandbits(64):x}"},
    ]
    if kind == 7:
        headers.append({"name": "Content-Type", "value": "application/json"})
    acao = PAGE if kind not in (3, 9) else ("*" if kind == 3 else "")
    resp_headers = [
        {"name": "Content-Type", "value": "application/json"},
        {"name": "Vary", "value": "Origin"},
    ]
    if acao:
        resp_headers.append({"name": "Access-Control-Allow-Origin", "value": acao})
        resp_headers.append({"name": "Access-Control-Allow-Credentials", "value": "true"})
    if i % 2:
        body = json.dumps(
            [{"id": k, "name": f"item {k}", "note": 'a "quoted" text'} for k in range(body_bytes // 60)]
        )
        content = {"size": len(body), "mimeType": "application/json", "text": body}
    else:
        raw = base64.b64encode(rng.randbytes(body_bytes * 3 // 4)).decode()
        content = {"size": len(raw), "mimeType": "image/png", "text": raw, "encoding": "base64"}
    return {
        "startedDateTime": f"2026-01-01T00:{(i // 60) % 60:02d}:{i % 60:02d}.000Z",
        "time": 12.5,
        "request": {
            "method": method,
            "url": url,
            "httpVersion": "HTTP/2",
            "headers": headers,
            "queryString": [],
            "cookies": [],
            "headersSize": -1,
            "bodySize": 0,
        },
        "response": {
            "status": 200,
            "statusText": "OK",
            "httpVersion": "HTTP/2",
            "headers": resp_headers,
            "cookies": [],
            "content": content,
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": -1,
        },
        "cache": {},
        "timings": {"send": 0.1, "wait": 10, "receive": 2.4},
        "_resourceType": "fetch",
        "_initiator": {"type": "script"},
    }


def generate(path: Path, size_mb: int, min_entries: int) -> int:
    target = size_mb * 1024 * 1024
    entries = max(min_entries, 1)
    body_bytes = max(200, target // entries - 1200)
    rng = random.Random(1)
    written = 0
    with open(path, "w", encoding="utf-8") as f:
        head = json.dumps(
            {
                "version": "1.2",
                "creator": {"name": "WebInspector", "version": "537.36"},
                "pages": [
                    {
                        "id": "page_1",
                        "title": PAGE + "/",
                        "startedDateTime": "2026-01-01T00:00:00Z",
                        "pageTimings": {},
                    }
                ],
            }
        )
        f.write('{"log":' + head[:-1] + ',"entries":[')
        i = 0
        while written < target or i < min_entries:
            text = json.dumps(_entry(i, rng, body_bytes))
            f.write(("," if i else "") + text)
            written += len(text) + 1
            i += 1
        f.write("]}}")
    return i


def measure(mode: str, path: Path) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, mode, str(path)], check=True, capture_output=True, text=True
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument(
        "--entries", type=int, default=None, help="minimum entries (default 50,000 for 1 GiB, scaled)"
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-json-load", action="store_true", help="skip the json.load baseline")
    args = parser.parse_args()
    entries = args.entries or max(1000, 50_000 * args.size_mb // 1024)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.har"
        t = time.perf_counter()
        count = generate(path, args.size_mb, entries)
        size = os.path.getsize(path)
        print(
            f"generated {size / 1e6:.0f} MB, {count} entries in {time.perf_counter() - t:.1f} s",
            file=sys.stderr,
        )
        modes = ["corsdoctor har"] + ([] if args.skip_json_load else ["json.load"])
        results: dict[str, list[dict[str, float]]] = {m: [] for m in modes}
        for _ in range(args.repeat):
            for mode in modes:
                results[mode].append(measure(mode, path))
        print(f"file: {size / 1e6:.0f} MB, {count} entries; medians of {args.repeat} runs")
        medians = {}
        rss_of = {}
        for mode in modes:
            secs = statistics.median(r["seconds"] for r in results[mode])
            rss = statistics.median(r["rss_mb"] for r in results[mode])
            medians[mode] = secs
            rss_of[mode] = rss
            print(f"  {mode:15s} {secs:7.2f} s  {size / 1e6 / secs:7.1f} MB/s  peak RSS {rss:7.1f} MB")
        if "json.load" in medians:
            print(
                f"  corsdoctor har / json.load speed ratio: {medians['json.load'] / medians['corsdoctor har']:.2f}x"
            )
        speed = size / 1e6 / medians["corsdoctor har"]
        met = speed >= 100 and rss_of["corsdoctor har"] <= 300
        print(f"  target >= 100 MB/s and peak RSS <= 300 MB: {'met' if met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
