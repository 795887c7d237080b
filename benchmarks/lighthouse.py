"""Lighthouse section of benchmarks/run.py: every page of a site, served gzipped on loopback.

Lighthouse 12.2.3 (npm, pinned in benchmarks/package.json; install it once with
``npm ci --prefix benchmarks``) runs with its default mobile preset (simulated
slow 4G, 4x CPU slowdown) in Chromium (``CHROME_PATH``: Debian's, else Playwright's own), headless.
Each page is measured ``runs`` times; the report gives the median score, LCP
and TBT, the largest CLS, and the bytes of the median-score run.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tools"))
sys.path.insert(0, str(HERE.parent / "tests"))
from loopback import ChromiumNotFound, chromium_path, serve  # noqa: E402  (tools/loopback.py, shared with the tests)
from page_budget import BUDGET, page_type  # noqa: E402  (tests/page_budget.py: the page budgets)

LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
VERSION = "12.2.3"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"

HOW = f"""\
- **Lighthouse**: npm `lighthouse` {VERSION} (`benchmarks/package.json`), its default
  *mobile* preset: simulated throttling (150 ms RTT, 1.6 Mbps down, 4x CPU slowdown),
  Moto G Power screen, performance category only, Chrome flags `{CHROME_FLAGS}`,
  `CHROME_PATH` = Debian's `chromium` (else Playwright's own Chromium).  Each site is served **gzipped** (level 6,
  HTTP/1.1 keep-alive) by `tools/loopback.py` on 127.0.0.1.  Every page is run
  {{runs}} times, one after another; Score, LCP and TBT are medians, CLS the largest
  seen, bytes those of the median-score run: *gz* = Lighthouse's total byte weight
  (transferred), *raw* = the sum of decoded response bodies.  Targets (tests/page_budget.py):
  score >= 95 (answer key / practice pages >= 90), LCP <= 2.5 s, TBT <= 100 ms, CLS 0,
  <= 200 kB gz (bank pages 400 kB), <= 900 kB raw.  The machine runs other work (see
  the load averages): simulated timings scale with the host's CPU, so a busy host
  scores lower."""


def available() -> str | None:
    """None when Lighthouse can run, else why not."""
    if not LIGHTHOUSE.exists():
        return f"Lighthouse is not installed: run `npm ci --prefix {HERE.relative_to(HERE.parent)}`"
    try:
        chromium_path()
    except ChromiumNotFound as missing:
        return str(missing)
    return None


def run_once(url: str, out: Path) -> dict:
    env = {**os.environ, "CHROME_PATH": chromium_path()}
    command = [str(LIGHTHOUSE), url, "--quiet", "--only-categories=performance", "--output=json",
               f"--output-path={out}", f"--chrome-flags={CHROME_FLAGS}", "--max-wait-for-load=60000"]
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=300)
    report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]
    requests = audits["network-requests"]["details"]["items"]
    return {
        "score": round(report["categories"]["performance"]["score"] * 100),
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "gz": audits["total-byte-weight"]["numericValue"] / 1000,
        "raw": sum(r.get("resourceSize", 0) for r in requests) / 1000,
        "requests": len(requests),
        "benchmark_index": report["environment"]["benchmarkIndex"],
    }


def measure(site: Path, pages: list[str], runs: int, log=print) -> dict[str, list[dict]]:
    """{page: [one dict per run]} for every page of ``site``."""
    results = {}
    with serve(site, compress=True) as base:
        with tempfile.TemporaryDirectory(prefix="spasm-lh-") as tmp:
            for page in pages:
                results[page] = []
                for n in range(runs):
                    results[page].append(run_once(base + page, Path(tmp) / "report.json"))
                log(f"lighthouse {site.parent.parent.name}/{page}: "
                    + ", ".join(str(r["score"]) for r in results[page]))
    return results


def summary(runs: list[dict]) -> dict:
    by_score = sorted(runs, key=lambda r: r["score"])
    middle = by_score[len(by_score) // 2]
    return {"scores": [r["score"] for r in runs], "score": statistics.median(r["score"] for r in runs),
            "lcp": statistics.median(r["lcp"] for r in runs), "tbt": statistics.median(r["tbt"] for r in runs),
            "cls": max(r["cls"] for r in runs), "gz": middle["gz"], "raw": middle["raw"],
            "requests": middle["requests"]}


def meets(page: str, s: dict) -> bool:
    budget = BUDGET[page_type(page)]
    return (s["score"] >= budget.lighthouse and s["lcp"] <= 2.5 and s["tbt"] <= 100 and s["cls"] == 0
            and s["gz"] * 1000 <= budget.gzipped and s["raw"] * 1000 <= budget.uncompressed)


def rows(label: str, results: dict[str, list[dict]], check: bool) -> list[list]:
    out = []
    for page, runs in results.items():
        s = summary(runs)
        verdict = ("met" if meets(page, s) else "NOT met") if check else "-"
        out.append([label, page, page_type(page), " ".join(map(str, s["scores"])), f"{s['score']:g}",
                    f"{s['lcp']:.2f}", f"{s['tbt']:.0f}", f"{s['cls']:.3f}", f"{s['gz']:.0f}", f"{s['raw']:.0f}",
                    s["requests"], verdict])
    return out


HEADER = ["Site", "Page", "Type", "Scores", "Score", "LCP (s)", "TBT (ms)", "CLS", "kB gz", "kB raw",
          "Requests", "Targets"]
