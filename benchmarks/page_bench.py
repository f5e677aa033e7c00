"""Page speed, uncached and cached, next to a bare Django view, a static file and stock Wagtail, in one run.

    .venv/bin/python benchmarks/page_bench.py [--no-http] [--no-postgres] [--runs N] [--seconds S]

1. Builds a fresh SQLite database (migrate, then `seed` with translations, timed) with production
   settings (`benchmarks/page_bench_settings.py`), plus Wagtail's tutorial blog
   (`benchmarks/stockblog/`, a post with two authors, three tags and six paragraphs) served by Wagtail's
   stock page view.
2. In process, through Django's test client and the whole middleware stack: for every page type in both
   languages, queries and median / p95 ms **uncached** (every cache emptied before each request, as
   right after a deploy) and **cached** (page cache hits); next to a bare Django view, the static
   stylesheet served by WhiteNoise and the stock blog post (uncached), with ratios from this same run;
   then the uncached release and stock post once more, requested in turn (the fairer ratio on a busy
   machine).
   Production settings throughout, except the cache on SQLite: local memory (one per process), the
   default outside production; on PostgreSQL, Redis as production requires.
3. Over HTTP: gunicorn, 2 sync workers, production settings, 20 connections (wrk; a Python client if wrk
   is missing): a release page served from the page cache, the same page rendered every time (page
   cache off), and the static file; on SQLite (LocMem cache per worker) and on PostgreSQL + Redis.
"""

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="page_bench_"))
SQLITE_URL = f"sqlite:///{WORK}/page_bench.sqlite3"
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/bilingual_page_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
SETTINGS = "benchmarks.page_bench_settings"
os.environ.update(
    DJANGO_SETTINGS_MODULE=SETTINGS,
    DATABASE_URL=SQLITE_URL,
    STATIC_ROOT=str(WORK / "static"),
    BENCH_CACHE="locmem",
    REDIS_URL=REDIS_URL,
    CACHE_KEY_PREFIX="page-bench",
)

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

PAGES = [
    ("home", "/{lang}/"),
    ("organization index", "/{lang}/organizations/"),
    ("organization", "/{lang}/organizations/uniccc/"),
    ("program", "/{lang}/organizations/ciyec/china-korea-youth-exchange/"),
    ("news list", "/{lang}/news/"),
    ("news release", "/{lang}/news/ciyec-kicec-memorandum/"),
    ("news feed", "/{lang}/news/feed/"),
]
STOCK_HOST = "stock.localhost"
STOCK_POST = "/stock/wagtail-spring-release/"
STATIC = "/static/css/site.css"
HTTP_PAGE = "/en/news/ciyec-kicec-memorandum/"


def empty_every_cache():
    for cache in caches.all():
        cache.clear()
    ContentType.objects.clear_cache()


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def prepare_sqlite():
    call_command("migrate", verbosity=0)
    start, cpu, main_cpu = time.perf_counter(), time.process_time(), time.thread_time()
    call_command("seed", verbosity=0)
    # Wall time is the target; the CPU times say how much of it a busy machine added (the renditions are
    # encoded on worker threads beside the build, so all threads' CPU may exceed the wall time).
    seed_seconds = (time.perf_counter() - start, time.thread_time() - main_cpu, time.process_time() - cpu)
    call_command("collectstatic", interactive=False, verbosity=0)
    build_stock_blog()
    return seed_seconds


def build_stock_blog():
    """The tutorial's blog under its own site (stock.localhost), created the usual way."""
    import datetime

    from wagtail.models import Locale, Page, Site

    from benchmarks.stockblog.models import Author, BlogIndexPage, BlogPage

    root = Page.get_first_root_node()
    index = root.add_child(
        instance=BlogIndexPage(title="Blog", slug="stock-blog", intro="<p>Stock blog</p>", locale=Locale.get_default())
    )
    index.save_revision().publish()
    authors = [Author.objects.create(name=name) for name in ("Ada Author", "Bo Writer")]
    body = "".join(f"<p>Paragraph {n} of a stock Wagtail blog post, with some words in it.</p>" for n in range(6))
    post = index.add_child(
        instance=BlogPage(
            title="Wagtail spring release",
            slug="wagtail-spring-release",
            date=datetime.date(2026, 3, 1),
            intro="What is new this spring.",
            body=body,
        )
    )
    post.authors.set(authors)
    post.tags.add("release", "spring", "news")
    post.save_revision().publish()
    Site.objects.create(hostname=STOCK_HOST, port=80, root_page=index, site_name="Stock blog")


def measure(client, url, host, cold, runs):
    """(queries, median ms, p95 ms) of GET url; cold: every cache emptied before each request."""
    if cold:
        empty_every_cache()
    else:
        client.get(url, HTTP_HOST=host)
    queries = []  # counted as executed (the debug query log is a bounded deque the seed may have filled)
    with connection.execute_wrapper(lambda execute, *args: queries.append(args[0]) or execute(*args)):
        response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200, (url, response.status_code)
    times = [timed_get(client, url, host, cold) for _ in range(runs)]
    return len(queries), statistics.median(times), percentile(times, 0.95)


def timed_get(client, url, host, cold) -> float:
    """ms of one GET of url (cold: every cache emptied first, untimed)."""
    if cold:
        empty_every_cache()
    start = time.perf_counter()
    response = client.get(url, HTTP_HOST=host)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    return elapsed


def in_process(runs):
    client = Client()
    for url in ("/en/", "/bare/", STATIC):  # import templates and code paths once
        client.get(url)
    rows = []
    for name, pattern in PAGES:
        for lang in ("en", "zh-hans"):
            url = pattern.format(lang=lang)
            cold = measure(client, url, "testserver", True, runs)
            warm = measure(client, url, "testserver", False, runs)
            rows.append((f"{name} ({lang})", cold, warm))
    bare = measure(client, "/bare/", "testserver", False, runs)
    static = measure(client, STATIC, "testserver", False, runs)
    stock = measure(client, STOCK_POST, STOCK_HOST, True, runs)
    stock_warm = measure(client, STOCK_POST, STOCK_HOST, False, runs)
    paired = release_against_stock(client, runs)
    return rows, bare, static, stock, stock_warm, paired


def release_against_stock(client, runs):
    """Median uncached ms of the release (en, zh-hans) and the stock post, requests taken in turn.

    Measured one after another, the pages met different moments of a shared machine (the table's rows
    are seconds apart); in turn, a busy second slows all three alike and the ratio holds."""
    release = dict(PAGES)["news release"]
    urls = [(release.format(lang=lang), "testserver") for lang in ("en", "zh-hans")] + [(STOCK_POST, STOCK_HOST)]
    times = [[] for _ in urls]
    for _ in range(runs):
        for n, (url, host) in enumerate(urls):
            times[n].append(timed_get(client, url, host, cold=True))
    return [statistics.median(t) for t in times]


def print_in_process(rows, bare, static, stock, stock_warm, paired):
    print("\n## In process (Django test client, production settings, SQLite)\n")
    print(
        "| page | queries uncached | uncached median / p95 ms | queries cached | cached median / p95 ms |"
        " cached ÷ bare view |"
    )
    print("|---|---|---|---|---|---|")
    for name, cold, warm in rows:
        print(
            f"| {name} | {cold[0]} | {cold[1]:.2f} / {cold[2]:.2f} | {warm[0]} | {warm[1]:.2f} / {warm[2]:.2f} |"
            f" {warm[1] / bare[1]:.2f}× |"
        )
    print(f"| bare Django view | – | – | {bare[0]} | {bare[1]:.2f} / {bare[2]:.2f} | 1.00× |")
    print(
        f"| static file (WhiteNoise) | – | – | {static[0]} | {static[1]:.2f} / {static[2]:.2f} |"
        f" {static[1] / bare[1]:.2f}× |"
    )
    print(
        f"| stock Wagtail blog post (tutorial) | {stock[0]} | {stock[1]:.2f} / {stock[2]:.2f} | {stock_warm[0]} |"
        f" {stock_warm[1]:.2f} / {stock_warm[2]:.2f} | – |"
    )
    release = next(cold for name, cold, _warm in rows if name == "news release (en)")
    release_zh = next(cold for name, cold, _warm in rows if name == "news release (zh-hans)")
    print(
        f"\nUncached release ÷ stock blog post (uncached): en {release[1] / stock[1]:.2f}×, "
        f"zh-hans {release_zh[1] / stock[1]:.2f}× ({release[0]} / {release_zh[0]} queries vs {stock[0]})."
    )
    en, zh, stock_paired = paired
    print(
        f"The same, requested in turn: release en {en:.2f} ms, zh-hans {zh:.2f} ms, stock post {stock_paired:.2f} ms: "
        f"en {en / stock_paired:.2f}×, zh-hans {zh / stock_paired:.2f}×."
    )
    worst = max(warm[1] / bare[1] for _name, _cold, warm in rows)
    print(
        f"Cache hits: 0 queries: {all(warm[0] == 0 for _n, _c, warm in rows)}; slowest hit {worst:.2f}× the bare view."
    )


# --- HTTP --------------------------------------------------------------------------------------------


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    def __init__(self, env):
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "cms.wsgi",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--chdir",
                str(ROOT),
                "--log-level",
                "warning",
            ],
            env={**os.environ, **env},
            start_new_session=True,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/bare/", timeout=2)
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %f %f %f\\n", summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000))
  io.write(string.format("ERRORS %d %d\\n", summary.errors.status, summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout))
end
"""


def load(port, path, seconds, connections=20):
    """(requests/s, median ms, p95 ms, errors) for `connections` clients hammering one URL."""
    url = f"http://127.0.0.1:{port}{path}"
    for _ in range(20):  # warm both workers (and, when on, their page caches)
        urllib.request.urlopen(url).read()
    if shutil.which("wrk"):
        script = WORK / "report.lua"
        script.write_text(WRK_SCRIPT)
        out = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", str(script), url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        result = next(line for line in out.splitlines() if line.startswith("RESULT")).split()
        errors = sum(int(x) for x in next(line for line in out.splitlines() if line.startswith("ERRORS")).split()[1:])
        return int(result[1]) / float(result[2]), float(result[3]), float(result[4]), errors
    return python_load(port, path, seconds, connections)


def python_load(port, path, seconds, connections):
    latencies, errors, stop = [], [0], time.time() + seconds

    def client():
        conn = HTTPConnection("127.0.0.1", port)
        while time.time() < stop:
            start = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors[0] += 1
            latencies.append((time.perf_counter() - start) * 1000)

    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(latencies) / seconds, statistics.median(latencies), percentile(latencies, 0.95), errors[0]


def http_runs(database_url, extra_env, seconds):
    env = {"DATABASE_URL": database_url, **extra_env}
    results = {}
    server = Gunicorn(env)
    try:
        results["cached page"] = load(server.port, HTTP_PAGE, seconds)
        results["static file"] = load(server.port, STATIC, seconds)
    finally:
        server.stop()
    server = Gunicorn({**env, "PAGE_CACHE_ENABLED": "false"})
    try:
        results["uncached page"] = load(server.port, HTTP_PAGE, seconds)
    finally:
        server.stop()
    return results


def prepare_postgres():
    """A fresh PostgreSQL database, migrated and seeded in a subprocess (its own settings and connection)."""
    import psycopg

    name = POSTGRES_URL.rsplit("/", 1)[1]
    with psycopg.connect(POSTGRES_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()  # no page of an earlier run survives in the cache
    env = {**os.environ, "DATABASE_URL": POSTGRES_URL, "BENCH_CACHE": "redis"}
    for command in (["migrate"], ["seed", "--skip-index"]):
        subprocess.run([sys.executable, str(ROOT / "manage.py"), *command, "-v0"], env=env, check=True)


def print_http(results):
    client = "wrk" if shutil.which("wrk") else "a Python client: install wrk for steadier figures"
    print(f"\n## HTTP (gunicorn, 2 sync workers, production settings, 20 connections, {client})\n")
    print("| database / cache | URL | requests/s | median ms | p95 ms | errors | ÷ static file |")
    print("|---|---|---|---|---|---|---|")
    for backend, by_kind in results.items():
        static = by_kind["static file"][0]
        for kind in ("cached page", "uncached page", "static file"):
            rate, median, p95, errors = by_kind[kind]
            print(f"| {backend} | {kind} | {rate:,.0f} | {median:.1f} | {p95:.1f} | {errors} | {rate / static:.2f}× |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60, help="requests per measurement in process")
    parser.add_argument("--seconds", type=int, default=10, help="seconds per HTTP load run")
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()

    wall, main_cpu, all_cpu = prepare_sqlite()
    print(
        f"Full seed with translations on SQLite: {wall:.1f} s "
        f"(CPU: main thread {main_cpu:.1f} s, all threads {all_cpu:.1f} s)"
    )
    print_in_process(*in_process(args.runs))
    if args.no_http:
        return
    results = {"SQLite, LocMem cache": http_runs(SQLITE_URL, {}, args.seconds)}
    if not args.no_postgres:
        prepare_postgres()
        results["PostgreSQL + Redis"] = http_runs(
            POSTGRES_URL, {"BENCH_CACHE": "redis", "CONN_MAX_AGE": "60"}, args.seconds
        )
    print_http(results)
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
