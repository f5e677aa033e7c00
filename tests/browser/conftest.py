"""A real site for a real browser: a seeded SQLite file served by runserver, driven by Debian's chromium."""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# The environment of each served site, by URL: a test runs the site's own commands with it
# (e.g. `manage.py publish_scheduled`, as cron would).
SITE_ENVS: dict[str, dict[str, str]] = {}


def manage_site(url, *command):
    """Run a manage.py command against the site served at `url`."""
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *command],
        env=SITE_ENVS[url],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )


def serve_site(tmp_path_factory, name, seed_args=(), setup_code=""):
    """Migrate and seed a fresh SQLite file, run `setup_code` in manage.py shell, serve it; yields its URL."""
    database = tmp_path_factory.mktemp(name) / "site.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "PYTHONPATH": str(ROOT),
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    commands = [["migrate", "-v0"], ["seed", "-v0", *seed_args]]
    if setup_code:
        commands.append(["shell", "-v0", "-c", setup_code])
    for command in commands:
        # A deadline here too: a stuck seed fails this fixture with its command named, not the whole run.
        subprocess.run(manage + command, env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, timeout=900)
    port = _free_port()
    server = subprocess.Popen(
        manage + ["runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    SITE_ENVS[url] = env
    try:
        # A deadline, not a number of tries: on a busy machine runserver's start-up checks alone take
        # tens of seconds.
        deadline = time.monotonic() + 180
        while True:
            try:
                urllib.request.urlopen(url + "/en/", timeout=30)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the site did not start") from None
                time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="session")
def site_url(tmp_path_factory):
    yield from serve_site(tmp_path_factory, "site")


TRANSLATOR = ("tian", "translate-me")
REVIEWER = ("rui", "review-me")
CHOIR = ("Riverside Youth Choir", "Founded in 1998, the choir has sung for 3,000 children.")


@pytest.fixture(scope="session")
def queue_site_url(tmp_path_factory):
    """Only the source texts (a real queue), and a zh-hans translator and reviewer who can log in."""
    setup = (
        "from django.contrib.auth import get_user_model; from django.contrib.auth.models import Group; "
        f"u = get_user_model().objects.create_user({TRANSLATOR[0]!r}, 'tian@example.org', {TRANSLATOR[1]!r}); "
        "u.groups.add(Group.objects.get(name='zh-hans translators')); "
        f"r = get_user_model().objects.create_user({REVIEWER[0]!r}, 'rui@example.org', {REVIEWER[1]!r}); "
        "r.groups.add(Group.objects.get(name='zh-hans reviewers')); "
        # A short profile for the workbench test: two segments with a number to get right.
        "from wagtail.models import Page; from orgs.models import OrganizationPage; "
        "from wagtail_localize.synctree import create_aliases_for_new_page; "
        "index = Page.objects.get(locale__language_code='en', slug='organizations'); "
        f"p = OrganizationPage(title={CHOIR[0]!r}, slug='riverside-choir', summary={CHOIR[1]!r}); "
        "index.add_child(instance=p); create_aliases_for_new_page(p); p.save_revision().publish()"
    )
    yield from serve_site(tmp_path_factory, "queue", ["--no-translations"], setup)


# Every page of every browser test reports the Content-Security-Policy violations it meets (the public
# site's strict policy, and the admin's, through the editor, translator, reviewer and moderator flows);
# a test that met any fails (no_csp_violations below).
CSP_VIOLATIONS: list[str] = []
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  const blocked = event.blockedURI || "inline";
  console.error(`CSP violation: ${event.violatedDirective} blocked ${blocked} on ${location.pathname}`);
});
"""


def _watch_for_csp_violations(browser):
    """Each new context reports violations: the DOM event, and chromium's own console message."""
    new_context = browser.new_context

    def new_context_reporting_violations(*args, **kwargs):
        context = new_context(*args, **kwargs)
        context.add_init_script(REPORT_VIOLATIONS)
        context.on("console", _note_violation)
        return context

    browser.new_context = new_context_reporting_violations


def _note_violation(message):
    text = message.text
    if message.type == "error" and ("CSP violation" in text or "Content Security Policy" in text):
        CSP_VIOLATIONS.append(text)


@pytest.fixture(autouse=True)
def no_csp_violations():
    CSP_VIOLATIONS.clear()
    yield
    assert not CSP_VIOLATIONS, "Content-Security-Policy violations:\n" + "\n".join(dict.fromkeys(CSP_VIOLATIONS))


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (see README) or set CHROMIUM_PATH")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        _watch_for_csp_violations(browser)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


def log_in(page, site, who):
    """Log `who` (username, password) into the Wagtail admin of `site` in `page`; returns the page."""
    page.goto(f"{site}/admin/login/")
    page.fill("input[name=username]", who[0])
    page.fill("input[name=password]", who[1])
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    return page


def translate_first_field(page, row, text):
    """From a queue row, open wagtail-localize's editor and translate its first field (the title)."""
    from playwright.sync_api import expect

    row.get_by_role("link", name="Open in editor").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Translate", exact=True).first.click()
    page.locator("textarea").first.fill(text)
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.get_by_text("Translated manually").first).to_be_visible()
