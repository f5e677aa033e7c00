"""Two people at once, on a real SQLite file (WAL, IMMEDIATE transactions) and a real PostgreSQL server
(row locks): of two claims one wins, of two approvals one publishes, nothing answers 500 or "locked"."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def fresh_database(tmp_path):
    """A database of its own for the run: a SQLite file, or a new database on the PostgreSQL server in use."""
    default = settings.DATABASES["default"]
    if default["ENGINE"] != "django.db.backends.postgresql":
        return f"sqlite:///{tmp_path / 'race.sqlite3'}", None
    import psycopg

    name = f"race_{uuid.uuid4().hex[:8]}"
    server = f"postgresql://{default['USER']}@{default['HOST']}:{default['PORT'] or 5432}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}", (server, name)


def drop(created):
    if created:
        import psycopg

        server, name = created
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_two_claims_two_approvals_and_two_publishes_at_once(tmp_path):
    url, created = fresh_database(tmp_path)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "cms.settings.test", "PYTHONPATH": str(ROOT)}
    manage = [sys.executable, str(ROOT / "manage.py")]
    try:
        for command in (["migrate", "-v0"], ["seed", "-v0", "--no-translations", "--skip-index"]):
            subprocess.run(manage + command, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        run = subprocess.run(
            [sys.executable, str(ROOT / "tests" / "translation_queue" / "race.py")],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        drop(created)
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert sorted(report["claims"]) == ["claimed", "refused"]
    assert report["claim_assignee"] in ("tian", "tao")
    assert sorted(report["approvals"]) == ["approved", "refused"]
    assert report["publishes"] == 1
    assert report["spread"] == {"claimed+released": 6}
    assert report["publishes_of_new_page"] == ["published", "published"]
    assert report["tasks_for_new_page"] == 1
