"""Production settings refuse to start without what a shared deployment needs, and pass `check --deploy`."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENVIRONMENT = {
    "DATABASE_URL": "postgres://site:secret@db.internal:5432/site",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "SECRET_KEY": "x7Vq2-production-test-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "exchange.example.org",
    "WAGTAILADMIN_BASE_URL": "https://exchange.example.org",
}
SHOW = (
    "import json; from django.conf import settings as s; "
    "print(json.dumps({'db': s.DATABASES['default']['ENGINE'], 'cache': s.CACHES['default'], "
    "'proxy': s.SECURE_PROXY_SSL_HEADER, 'media': s.STORAGES['default'], 'base': s.WAGTAILADMIN_BASE_URL, "
    "'csp_img': s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'], 'proxies': s.TRUSTED_PROXY_COUNT}))"
)


def run(code, **overrides):
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "cms.settings.production", **ENVIRONMENT}
    env.update(overrides)
    env = {k: v for k, v in env.items() if v is not None}
    return subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)


@pytest.mark.parametrize("variable", list(ENVIRONMENT))
def test_refuses_to_start_without(variable):
    result = run(SHOW, **{variable: None})
    assert result.returncode != 0
    assert f"ImproperlyConfigured: {variable} must be set in the environment for production" in result.stderr


def test_shared_services_from_the_environment():
    result = run(SHOW)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["db"] == "django.db.backends.postgresql"
    assert shown["cache"]["BACKEND"] == "cms.redis_cache.RedisCache"
    assert shown["cache"]["LOCATION"] == "redis://cache.internal:6379/0"
    assert shown["cache"]["KEY_PREFIX"] == "exchange.example.org"  # two sites on one Redis stay apart
    assert shown["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert shown["proxies"] == 1
    assert shown["media"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert shown["base"] == "https://exchange.example.org"


def test_explicit_sqlite_and_key_prefix_and_s3():
    result = run(
        SHOW,
        DATABASE_URL="sqlite:////srv/site/db.sqlite3",
        CACHE_KEY_PREFIX="exchange-staging",
        AWS_STORAGE_BUCKET_NAME="exchange-media",
        AWS_S3_CUSTOM_DOMAIN="media.example.org",
        BEHIND_TLS_PROXY="false",
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["db"] == "django.db.backends.sqlite3"
    assert shown["cache"]["KEY_PREFIX"] == "exchange-staging"
    assert shown["media"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert shown["media"]["OPTIONS"]["bucket_name"] == "exchange-media"
    assert "https://media.example.org" in shown["csp_img"]
    assert shown["proxy"] is None and shown["proxies"] == 0


def test_base_url_must_be_absolute():
    result = run(SHOW, WAGTAILADMIN_BASE_URL="exchange.example.org")
    assert "WAGTAILADMIN_BASE_URL must be an absolute http(s) address" in result.stderr


def test_check_deploy_is_clean(tmp_path):
    code = (
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])"
    )
    result = run(code, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
