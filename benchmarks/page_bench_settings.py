"""Settings for `page_bench.py`: production settings, plus Wagtail's tutorial blog as the stock baseline."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "page-bench-only")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1,stock.localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("WAGTAILADMIN_BASE_URL", "http://localhost")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/9")

from cms.settings import base as base_settings  # noqa: E402
from cms.settings.production import *  # noqa: E402, F403
from cms.settings.production import INSTALLED_APPS  # noqa: E402

INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks.stockblog"]
ROOT_URLCONF = "benchmarks.page_bench_urls"
STATIC_ROOT = os.environ.get("STATIC_ROOT", os.path.join(tempfile.gettempdir(), "page_bench_static"))
# The benchmark talks plain HTTP to gunicorn on loopback.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
if os.environ.get("BENCH_CACHE") == "locmem":
    # Production insists on Redis (shared by workers and hosts); the SQLite runs measure the default
    # local-memory cache, one per process.
    CACHES = base_settings.CACHES

LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
