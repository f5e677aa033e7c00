"""Lighthouse scores for the home page, a release and an organization profile in both languages.

    .venv/bin/python benchmarks/lighthouse.py [--runs 3] [--markdown]

Builds a fresh seeded SQLite site in a temporary folder and serves it the way production does
(cms.settings.production: DEBUG off, gunicorn, WhiteNoise with hashed, compressed static files; WhiteNoise
also serves the media folder here, in place of the web server in front of a real deployment). Then runs
Lighthouse 12.2.3 (npm, installed into benchmarks/lighthouse/ with `npm ci` on first use; Lighthouse 13
needs Node 22) with Debian's chromium and its desktop preset (desktop throttling), and prints each
page's four category scores, the median of --runs runs, and the lowest score per category.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ROOT / "benchmarks" / "lighthouse"
LIGHTHOUSE = TOOLS / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PAGES = {
    "home": "/{lang}/",
    "release": "/{lang}/news/guangzhou-education-innovation-zone/",
    "organization": "/{lang}/organizations/iecc/",
}


def install_lighthouse() -> None:
    if not LIGHTHOUSE.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=TOOLS, check=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_site(folder: Path) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DATABASE_URL": f"sqlite:///{folder / 'site.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "STATIC_ROOT": str(folder / "static"),
        "SECRET_KEY": "lighthouse-benchmark-only",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on the loopback; Lighthouse treats it as secure
        "PYTHONPATH": f"{ROOT}:{ROOT / 'benchmarks'}",
        # Production settings refuse to start without these: the machine's Redis (a database of its own,
        # emptied first, so no earlier run's pages are served) and the site's address.
        "REDIS_URL": os.environ.get("LIGHTHOUSE_REDIS_URL", "redis://127.0.0.1:6379/14"),
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
    }
    import redis

    redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "-v0"], ["seed", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run(manage + command, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return env


def serve(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "lighthouse_wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/en/", timeout=5)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("the site did not start")


def run_lighthouse(url: str, out: Path, attempts: int = 3) -> dict[str, float]:
    command = [
        str(LIGHTHOUSE),
        url,
        "--preset=desktop",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
        "--output=json",
        f"--output-path={out}",
        "--quiet",
    ]
    # Lighthouse now and then fails to record a trace (NO_NAVSTART) and asks to be run again: so do we.
    for attempt in range(1, attempts + 1):
        if subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROMIUM}).returncode == 0:
            break
        if attempt == attempts:
            raise RuntimeError(f"Lighthouse failed {attempts} times on {url}")
    report = json.loads(out.read_text())
    failing = [
        audit_id
        for category in report["categories"].values()
        if category["id"] != "performance"
        for ref in category["auditRefs"]
        if ref["weight"] and (report["audits"][ref["id"]]["score"] or 0) < 1
        for audit_id in [ref["id"]]
    ]
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    scores["failing"] = failing
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (the median is printed)")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown, for docs/")
    args = parser.parse_args()
    install_lighthouse()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        env = build_site(folder)
        port = free_port()
        server = serve(env, port)
        try:
            rows = []
            for lang in ("en", "zh-hans"):
                for name, path in PAGES.items():
                    url = f"http://127.0.0.1:{port}{path.format(lang=lang)}"
                    runs = [run_lighthouse(url, folder / f"report-{i}.json") for i in range(args.runs)]
                    median = {c: statistics.median(run[c] for run in runs) for c in CATEGORIES}
                    failing = sorted({audit for run in runs for audit in run["failing"]})
                    rows.append((f"{name} ({lang})", path.format(lang=lang), median, failing))
        finally:
            server.terminate()
            server.wait(timeout=10)
    print_table(rows, args.markdown)


def print_table(rows, markdown: bool) -> None:
    header = ["page", *CATEGORIES]
    lines = [[label, *(f"{scores[c]:.0f}" for c in CATEGORIES)] for label, _path, scores, _failing in rows]
    lowest = ["lowest", *(f"{min(scores[c] for _l, _p, scores, _f in rows):.0f}" for c in CATEGORIES)]
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for line in [*lines, lowest]:
            print("| " + " | ".join(line) + " |")
    else:
        widths = [max(len(row[i]) for row in [header, *lines, lowest]) for i in range(len(header))]
        for line in [header, *lines, lowest]:
            print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)))
    for label, _path, _scores, failing in rows:
        if failing:
            print(f"{label}: audits below 100 outside performance: {', '.join(failing)}")


if __name__ == "__main__":
    main()
