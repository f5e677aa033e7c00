"""Production: everything from the environment, and no silent fallback for what matters.

Refuses to start without DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS and WAGTAILADMIN_BASE_URL
(each named in the error). PostgreSQL is the recommended database; an explicit `sqlite:///…` URL is
accepted for a one-host install. Several gunicorn workers or hosts share one PostgreSQL and one Redis;
media go to S3-compatible storage when AWS_STORAGE_BUCKET_NAME is set, else to MEDIA_ROOT (a shared
volume when there are several hosts). See README, "Deploying".
"""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, CONTENT_SECURITY_POLICY, CSP_ADMIN_DIRECTIVES, MIDDLEWARE, STORAGES

REQUIRED = {
    "DATABASE_URL": "the database, e.g. postgres://user:password@db-host:5432/site (or sqlite:////srv/site/db.sqlite3)",
    "REDIS_URL": "the shared cache, e.g. redis://redis-host:6379/0",
    "SECRET_KEY": "a long random string, the same on every worker and host",
    "ALLOWED_HOSTS": "the site's host names, comma-separated, e.g. exchange.example.org",
    "WAGTAILADMIN_BASE_URL": "the site's public address for links in e-mails, e.g. https://exchange.example.org",
}
for _name, _what in REQUIRED.items():
    if not os.environ.get(_name, "").strip():
        raise ImproperlyConfigured(f"{_name} must be set in the environment for production: {_what}.")

DEBUG = False
WAGTAILADMIN_BASE_URL = os.environ["WAGTAILADMIN_BASE_URL"].rstrip("/")
if urlsplit(WAGTAILADMIN_BASE_URL).scheme not in ("http", "https"):
    raise ImproperlyConfigured("WAGTAILADMIN_BASE_URL must be an absolute http(s) address, e.g. https://example.org")

# WhiteNoise serves the collected static files (run `manage.py collectstatic` at deploy time).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "whitenoise.middleware.WhiteNoiseMiddleware",
)
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}

# Every worker and host shares one Redis, so a publish purges the page cache of all of them at once.
# The key prefix keeps two sites on one Redis database apart: CACHE_KEY_PREFIX, else the site's host name.
CACHES = {
    "default": {
        "BACKEND": "cms.redis_cache.RedisCache",  # Django's, with its redis-py client reused
        "LOCATION": os.environ["REDIS_URL"],
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX") or urlsplit(WAGTAILADMIN_BASE_URL).hostname,
    }
}

# Media (images, documents) on shared storage: S3 or compatible (django-storages, `pip install
# '.[s3]'`) when a bucket is named, otherwise MEDIA_ROOT, which several hosts must mount in common.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": False,
        },
    }
    # Images then come from the bucket's host: allow it in the Content-Security-Policy.
    _media_origin = (
        os.environ.get("AWS_S3_CUSTOM_DOMAIN")
        or urlsplit(
            os.environ.get("AWS_S3_ENDPOINT_URL") or f"https://{os.environ['AWS_STORAGE_BUCKET_NAME']}.s3.amazonaws.com"
        ).netloc
    )
    for _policy in (CONTENT_SECURITY_POLICY["DIRECTIVES"], CSP_ADMIN_DIRECTIVES):
        _policy["img-src"] = [*_policy["img-src"], f"https://{_media_origin}"]
        _policy["media-src"] = [*_policy["media-src"], f"https://{_media_origin}"]

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it from clients); set
# BEHIND_TLS_PROXY=false when gunicorn faces the network itself.
if os.environ.get("BEHIND_TLS_PROXY", "true").lower() == "true":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))  # for login throttling
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = [f"https://{h.lstrip('.')}" for h in ALLOWED_HOSTS if h != "*"]
for _policy in (CONTENT_SECURITY_POLICY["DIRECTIVES"], CSP_ADMIN_DIRECTIVES):
    _policy["upgrade-insecure-requests"] = True

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "false").lower() == "true"
