import os

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"
TRANSLATION_ENGINES = "none"  # no real engine from a developer's environment: tests name their stand-ins
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests run on SQLite unless DATABASE_URL points elsewhere (the PostgreSQL run in .ci/run sets it).
if not os.environ.get("DATABASE_URL"):
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:", "OPTIONS": SQLITE_OPTIONS}}  # noqa: F405
