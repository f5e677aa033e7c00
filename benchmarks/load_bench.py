"""Load: readers of both languages and two translators at work at once, on SQLite and on PostgreSQL + Redis.

    .venv/bin/python benchmarks/load_bench.py [--seconds 60] [--clients 20] [--only sqlite|postgres]

For each database: a fresh site (migrate, `seed` with translations, collectstatic) with production settings
(`cms.settings.production`, plain HTTP on the loopback, mail to nowhere), plus the translators' work: two
users in "zh-hans translators" and, for each, new English releases (copies of a seeded one) waiting in the
queue. Then gunicorn (2 sync workers, 127.0.0.1, a free port) serves it while

- `--clients` reader threads (keep-alive where gunicorn allows) request, at random, every live page in
  English and Chinese, searches in both languages, the news feeds (RSS, Atom, JSON) and the sitemap;
- two translator threads log in to the admin and, task after task, claim it in the queue, save a
  translation (download the task's PO, fill every string, upload it) and submit it for review.

It prints, per database, requests/s, p50 / p95 / p99 ms and errors of the readers (any status outside
2xx/3xx, or an exception), and the translators' operations and errors (an HTTP error, an error message in
the admin, or a task not left ready for review); exits 1 if there was any error. Loopback only; bounded: a
watchdog ends the run (and gunicorn) when it overruns. PostgreSQL gets a database of its own (dropped and
created) and Redis a database number of its own (emptied first).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/bcms_seedload_load_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
TRANSLATORS = ("load-translator-1", "load-translator-2")
PASSWORD = "load-bench-only-7Qv"
SEARCHES = {
    "en": ["children", "youth exchange", "vocational education", "Guangzhou", "memorandum", "child-friendly cities"],
    "zh-hans": ["广州", "青年", "儿童友好城市", "人文交流", "职业教育", "合作"],
}
FEEDS = ["feed/", "feed/atom/", "feed/json/"]
PREPARE_TIMEOUT = 1800  # seconds for migrate + seed + collectstatic + the queue on a busy machine


def production_env(database_url: str, folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": "load-bench",
        "SECRET_KEY": "load-bench-only",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on the loopback
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",  # submit notifies reviewers
        "MEDIA_ROOT": str(folder / "media"),
        "STATIC_ROOT": str(folder / "static"),
        "PYTHONPATH": str(ROOT),
        **({"CONN_MAX_AGE": "60"} if database_url.startswith("postgres") else {}),
    }


# --- the site, built in a subprocess with production settings ----------------------------------------


def prepare_site(out: Path, tasks_per_translator: int) -> None:
    """Runs inside `--prepare`: migrate, seed, collectstatic, translators and their queue; writes `out`."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from wagtail.models import Locale, Page

    from cms.translation_queue.models import TranslationTask
    from cms.translation_queue.work import ensure_tasks_for_site, quietly
    from news.models import NewsIndexPage, NewsPage

    for command, args in (("migrate", []), ("seed", []), ("collectstatic", ["--noinput"])):
        call_command(command, *args, verbosity=0)
    # The pages readers ask for: every live page the seed built, in both languages.
    urls = sorted(
        url for page in Page.objects.live().filter(depth__gt=1).specific() if (url := page.get_url()) is not None
    )
    zh = Locale.objects.get(language_code="zh-hans")
    group = Group.objects.get(name="zh-hans translators")
    users = []
    for name in TRANSLATORS:
        user = get_user_model().objects.create_user(name, f"{name}@example.org", PASSWORD)
        user.groups.add(group)
        users.append(user)
    # New English releases, as the newsroom publishes them: each queues a Chinese translation.
    en_index = NewsIndexPage.objects.get(locale=Locale.get_default())
    model = NewsPage.objects.filter(locale=Locale.get_default()).order_by("pk").first()
    with quietly():
        copies = []
        for number in range(len(TRANSLATORS) * tasks_per_translator):
            copy = model.copy(
                to=en_index,
                update_attrs={"slug": f"load-bench-{number}", "title": f"{model.title} ({number + 1})"},
                keep_live=True,
                copy_revisions=False,
                log_action=None,
            )
            copies.append(copy)
        ensure_tasks_for_site()
    tasks = list(
        TranslationTask.objects.filter(
            target_locale=zh, source__object_id__in=[c.translation_key for c in copies], state="not_started"
        ).values_list("pk", flat=True)
    )
    if len(tasks) != len(copies):
        raise SystemExit(f"expected {len(copies)} queued tasks for the new releases, found {len(tasks)}")
    plan = {
        "urls": urls,
        "tasks": {user.username: tasks[i :: len(users)] for i, user in enumerate(users)},
    }
    out.write_text(json.dumps(plan, ensure_ascii=False))


def task_states(ids_file: Path) -> None:
    """Runs inside `--states`: prints {task id: [state, segments translated]} for the given ids."""
    import django

    django.setup()
    from cms.translation_queue.models import TranslationTask

    ids = json.loads(ids_file.read_text())
    rows = TranslationTask.objects.filter(pk__in=ids).values_list("pk", "state", "segments_translated")
    print(json.dumps({str(pk): [state, done] for pk, state, done in rows}))


def build(database: str, folder: Path, tasks_per_translator: int) -> tuple[dict, dict]:
    if database == "postgres":
        import psycopg

        url = POSTGRES_URL
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    else:
        url = f"sqlite:///{folder / 'site.sqlite3'}"
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()  # no page of an earlier run is served from the cache
    env = production_env(url, folder)
    plan_file = folder / "plan.json"
    subprocess.run(
        [sys.executable, __file__, "--prepare", str(plan_file), "--tasks", str(tasks_per_translator)],
        env=env,
        cwd=ROOT,
        check=True,
        timeout=PREPARE_TIMEOUT,
    )
    return env, json.loads(plan_file.read_text())


# --- gunicorn ----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    def __init__(self, env: dict):
        self.port = free_port()
        command = [sys.executable, "-m", "gunicorn", "cms.wsgi", "--workers", "2"]
        command += ["--bind", f"127.0.0.1:{self.port}", "--log-level", "warning"]
        self.process = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/en/", timeout=10).read()
                return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.5)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


# --- clients -----------------------------------------------------------------------------------------


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    operations: int = 0


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] if ordered else 0.0


def reader_urls(plan: dict) -> list[str]:
    urls = list(plan["urls"])
    for language, queries in SEARCHES.items():
        urls += [f"/{language}/search/?{urllib.parse.urlencode({'q': q})}" for q in queries]
        urls += [f"/{language}/news/{feed}" for feed in FEEDS]
    return urls + ["/sitemap.xml"]


def reader(port: int, urls: list[str], stop_at: float, tally: Tally, seed: int) -> None:
    pick = random.Random(seed)
    conn = HTTPConnection("127.0.0.1", port, timeout=60)
    while time.time() < stop_at:
        url = pick.choice(urls)
        start = time.perf_counter()
        try:
            conn.request("GET", url)
            response = conn.getresponse()
            response.read()
        except Exception as exc:  # a refused or dropped connection is an error of the run, not of the client
            tally.errors.append(f"GET {url}: {exc!r}")
            conn.close()
            conn = HTTPConnection("127.0.0.1", port, timeout=60)
            continue
        tally.latencies.append((time.perf_counter() - start) * 1000)
        if not 200 <= response.status < 400:
            tally.errors.append(f"GET {url}: {response.status}")
    conn.close()


class AdminSession:
    """One translator's browser: cookies kept by hand (production marks them Secure; this is plain HTTP)."""

    def __init__(self, port: int):
        self.conn = HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            content = response.read()
        except Exception:
            self.conn.close()
            raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, content

    def post_form(self, path: str, fields: dict):
        body = urllib.parse.urlencode(fields).encode()
        return self.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})

    def post_file(self, path: str, name: str, filename: str, content: bytes):
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                "Content-Type: text/x-gettext-translation\r\n\r\n"
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        return self.request("POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})


# Messages the admin shows after a redirect (not the empty templates its scripts fill in).
_ADMIN_MESSAGES = re.compile(r'<ul data-w-messages-target="container">(.*?)</ul>', re.S)
_ADMIN_ERROR = re.compile(r'<li class="error[^"]*">(.*?)<button', re.S)


def admin_errors(page: str) -> list[str]:
    shown = _ADMIN_MESSAGES.search(page)
    found = _ADMIN_ERROR.findall(shown.group(1)) if shown else []
    return [" ".join(re.sub(r"<[^>]+>", " ", message).split()) for message in found]


def translated_po(content: bytes) -> bytes:
    """Every string of the task's PO 'translated' (marked, with its tags and links kept as they are)."""
    import polib

    po = polib.pofile(content.decode("utf-8"))
    for entry in po:
        entry.msgstr = f"【译】{entry.msgid}"
    return str(po).encode("utf-8")


def translator(port: int, username: str, tasks: list[int], stop_at: float, tally: Tally, done: list[int]) -> None:
    session = AdminSession(port)

    def step(label: str, expected: tuple[int, ...], call, *args):
        start = time.perf_counter()
        status, content = call(*args)
        tally.latencies.append((time.perf_counter() - start) * 1000)
        if status not in expected:
            raise RuntimeError(f"{label}: HTTP {status}")
        return content

    try:
        page = step("login form", (200,), session.request, "GET", "/admin/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        step(
            "login",
            (302,),
            session.post_form,
            "/admin/login/",
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token, "next": "/admin/"},
        )
    except Exception as exc:
        tally.errors.append(f"{username} could not log in: {exc!r}")
        return
    queue = "/admin/translation-queue/"
    for task in tasks + [None]:
        try:
            # The queue, as the translator sees it between tasks; it shows the previous task's messages.
            listing = step("queue", (200,), session.request, "GET", queue).decode("utf-8", "replace")
            tally.errors += [f"{username}: {message}" for message in admin_errors(listing)]
            if task is None or time.time() >= stop_at:
                return
            step("claim", (302,), session.post_form, f"{queue}{task}/claim/", {})
            tally.operations += 1
            po = step("download PO", (200,), session.request, "GET", f"{queue}{task}/po/")
            upload = f"{queue}{task}/po/upload/"
            step("save", (302,), session.post_file, upload, "po_file", "task.po", translated_po(po))
            tally.operations += 1
            step("submit", (302,), session.post_form, f"{queue}{task}/submit/", {})
            tally.operations += 1
            done.append(task)
        except Exception as exc:
            tally.errors.append(f"{username}, task {task}: {exc!r}")


# --- one database ------------------------------------------------------------------------------------


def run(database: str, seconds: int, clients: int, folder: Path, servers: list) -> dict:
    print(f"[{database}] building the site (migrate, seed, collectstatic, translators' queue) …", flush=True)
    start = time.perf_counter()
    env, plan = build(database, folder, tasks_per_translator=max(5, seconds // 4))
    print(f"[{database}] built in {time.perf_counter() - start:.0f} s; {len(plan['urls'])} pages", flush=True)
    server = Gunicorn(env)
    servers.append(server)
    try:
        urls = reader_urls(plan)
        for url in urls:  # every URL once, as a crawler would: the measured run starts from a warm site
            urllib.request.urlopen(f"http://127.0.0.1:{server.port}{url}", timeout=60).read()
        readers, translators, done = Tally(), Tally(), []
        stop_at = time.time() + seconds
        threads = [
            threading.Thread(target=reader, args=(server.port, urls, stop_at, readers, n)) for n in range(clients)
        ]
        threads += [
            threading.Thread(
                target=translator, args=(server.port, name, plan["tasks"][name], stop_at, translators, done)
            )
            for name in TRANSLATORS
        ]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - began
    finally:
        server.stop()
        servers.remove(server)
    # Every submitted task must be ready for review, with its strings translated.
    ids_file = folder / "submitted.json"
    ids_file.write_text(json.dumps(done))
    states = json.loads(
        subprocess.run(
            [sys.executable, __file__, "--states", str(ids_file)],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
            timeout=300,
        ).stdout
    )
    for task in done:
        state, translated = states.get(str(task), ["missing", 0])
        if state != "ready_for_review" or not translated:
            translators.errors.append(f"task {task} submitted but {state} with {translated} segments translated")
    return {"readers": readers, "translators": translators, "elapsed": elapsed, "submitted": len(done)}


def report(results: dict, seconds: int, clients: int) -> int:
    print(f"\n## Load: {clients} readers for {seconds} s and two translators (gunicorn, 2 sync workers)\n")
    print(
        "| database | requests | requests/s | p50 ms | p95 ms | p99 ms | errors "
        "| translator operations (claim, save, submit) | tasks submitted | translator p50 ms | translator errors |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    failures = 0
    for database, result in results.items():
        r, t = result["readers"], result["translators"]
        print(
            f"| {database} | {len(r.latencies):,} | {len(r.latencies) / result['elapsed']:,.1f} "
            f"| {percentile(r.latencies, 0.5):.0f} | {percentile(r.latencies, 0.95):.0f} "
            f"| {percentile(r.latencies, 0.99):.0f} | {len(r.errors)} | {t.operations} | {result['submitted']} "
            f"| {percentile(t.latencies, 0.5):.0f} | {len(t.errors)} |"
        )
        failures += len(r.errors) + len(t.errors)
        for error in (r.errors + t.errors)[:20]:
            print(f"  error ({database}): {error}")
    load = os.getloadavg()
    print(f"\nMachine load average (1, 5, 15 min) at the end: {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f}")
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60, help="length of the measured run per database")
    parser.add_argument("--clients", type=int, default=20, help="reader threads")
    parser.add_argument("--only", choices=("sqlite", "postgres"))
    parser.add_argument("--prepare", type=Path, help=argparse.SUPPRESS)  # internal: build the site
    parser.add_argument("--tasks", type=int, default=10, help=argparse.SUPPRESS)
    parser.add_argument("--states", type=Path, help=argparse.SUPPRESS)  # internal: read task states
    args = parser.parse_args()
    if args.prepare:
        sys.path.insert(0, str(ROOT))
        prepare_site(args.prepare, args.tasks)
        return 0
    if args.states:
        sys.path.insert(0, str(ROOT))
        task_states(args.states)
        return 0

    databases = [args.only] if args.only else ["sqlite", "postgres"]
    servers: list[Gunicorn] = []
    # Bounded: building, warming and the run itself, per database, or the watchdog ends everything.
    limit = len(databases) * (PREPARE_TIMEOUT + args.seconds + 600)

    def watchdog():
        print(f"load_bench: over its {limit} s limit, stopping", file=sys.stderr, flush=True)
        for server in list(servers):
            server.stop()
        os._exit(2)

    timer = threading.Timer(limit, watchdog)
    timer.daemon = True
    timer.start()
    folder = Path(tempfile.mkdtemp(prefix="load_bench_"))
    try:
        results = {}
        for database in databases:
            sub = folder / database
            sub.mkdir()
            label = "PostgreSQL + Redis" if database == "postgres" else "SQLite + Redis"
            results[label] = run(database, args.seconds, args.clients, sub, servers)
        return report(results, args.seconds, args.clients)
    finally:
        timer.cancel()
        for server in list(servers):
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
