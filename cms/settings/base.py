"""Settings shared by every environment. Everything a deployment changes comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from search.search_server import search_backends

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]

INSTALLED_APPS = [
    "cms",
    "home",
    "orgs",
    "news",
    "search",
    "seeds",
    "cms.translation_queue",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales: adds locale synchronization
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",  # promoted results per query (search/views.py)
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "axes",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

# The order and the reasons for it: cms/security/__init__.py.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cms.security.edge.EdgeInputMiddleware",
    # Anonymous page views are answered from the page cache before any other work (cms/page_cache/).
    "cms.page_cache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # LocaleMiddleware activates the language from the /en/ or /zh-hans/ prefix and redirects "/"
    # by Accept-Language; a 404 of the API or another view outside the prefix stays a 404.
    "cms.language_prefix.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "cms.security.csp.SiteCSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# SQLite file in the working folder unless DATABASE_URL says otherwise (postgres://… in production).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
# SQLite: concurrent writers wait for each other instead of failing with "database is locked": WAL lets
# readers run beside a writer, IMMEDIATE transactions take the write lock up front (so a read-then-write
# transaction cannot deadlock), and a busy writer is waited for up to 20 s.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if DATABASES["default"].get("ENGINE") == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "cms.security.throttling.LoginThrottleBackend",  # django-axes: refuses locked-out logins first
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages -------------------------------------------------------------------------------------
# English is the source language; Simplified Chinese is synchronized from it by wagtail-localize.
# UI strings live in locale/zh_Hans/ (Django ignores zh_hans and zh-hans folder names).
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("zh-hans", "简体中文"),
]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "site_language"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media files ------------------------------------------------------------------------
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Caches ----------------------------------------------------------------------------------------
# Local memory here (one copy per process); production.py switches to Redis when REDIS_URL is set.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "default",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}
# Frontend cache (CDN / Varnish) purges: configured from the environment, off by default. Purges name
# exactly the URLs that show a change, in the changed language and its hreflang siblings; Wagtail must
# not rewrite each URL into every language prefix, hence the empty language list.
WAGTAILFRONTENDCACHE_LANGUAGES = []
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):  # Varnish, Squid, nginx: an HTTP PURGE endpoint
    WAGTAILFRONTENDCACHE = {
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
        }
    }
elif os.environ.get("CLOUDFLARE_ZONEID"):
    WAGTAILFRONTENDCACHE = {
        "cloudflare": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": os.environ.get("CLOUDFLARE_BEARER_TOKEN", ""),
            "ZONEID": os.environ["CLOUDFLARE_ZONEID"],
        }
    }

# The page cache (cms/page_cache/): whole anonymous responses, purged on publish, move, delete …
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE_ENABLED", "true").lower() == "true"
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "3600"))  # a purge comes first; this bounds the rest
# On Redis, each worker also keeps up to this many bytes of entries, and the tokens it read, in its own
# memory, told of purges on a Redis channel (cms/page_cache/near.py): a hit then costs no round trip. 0: off.
PAGE_CACHE_NEAR_BYTES = int(os.environ.get("PAGE_CACHE_NEAR_BYTES", str(32 * 1024 * 1024)))
PAGE_CACHE_BROWSER_SECONDS = 0  # browsers revalidate (ETag / Last-Modified) and get a 304 from the cache
# How long a CDN may keep a page: a day when purges reach it (WAGTAILFRONTENDCACHE above), else a minute.
PAGE_CACHE_SHARED_SECONDS = int(os.environ.get("PAGE_CACHE_SHARED_SECONDS", "86400" if WAGTAILFRONTENDCACHE else "60"))

# --- Wagtail ---------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = _("China–Foreign Exchange")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
# Chinese-aware full-text search on SQLite and PostgreSQL (search/backends/), or Elasticsearch / OpenSearch
# when SEARCH_BACKEND names one (search/search_server.py; docs/search.md, "Past one machine").
WAGTAILSEARCH_BACKENDS = search_backends(os.environ)
# Days of the search query log to keep (`manage.py prune_search_log`, run daily); about 13 months, so that
# a year is comparable with the one before.
SEARCH_LOG_RETENTION_DAYS = int(os.environ.get("SEARCH_LOG_RETENTION_DAYS", "400"))
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
TAGGIT_CASE_INSENSITIVE = True

# Deleting an English page keeps its translations' strings and sources (wagtail-localize would delete them):
# the Chinese page is unpublished and its work stays recoverable (cms/translation_queue/follow.py).
WAGTAILLOCALIZE_DISABLE_ON_DELETE = True
# A reviewer may approve their own translation only where this is True (a one-person team).
TRANSLATION_QUEUE_SELF_APPROVAL = os.environ.get("TRANSLATION_QUEUE_SELF_APPROVAL", "") == "1"
# Fuzzy translation memory (cms/translation_queue/memory.py): earlier translations of English at least this similar
# (0-100, token-sort ratio) are offered to the translator, never filled in; only exact matches are prefilled.
TRANSLATION_QUEUE_FUZZY_MIN_SCORE = int(os.environ.get("TRANSLATION_QUEUE_FUZZY_MIN_SCORE", "75"))
# Translation reports (cms/translation_queue/figures.py): estimated cost per English source word approved, by
# how much the memory gave (exact 100 %, fuzzy at or above the score above, new), in this currency.
TRANSLATION_RATES = {"new": "0.12", "fuzzy": "0.06", "exact": "0.02"}
TRANSLATION_RATES_CURRENCY = os.environ.get("TRANSLATION_RATES_CURRENCY", "USD")
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {"CLASS": "cms.translation_queue.machine.MemoryGlossaryTranslator"}
# Machine translation engines after memory and glossary (docs/machine-translation.md). TRANSLATION_ENGINES: the
# order, e.g. "deepl,libretranslate,openai" ("none": no engine; unset: every configured one in that order);
# TRANSLATION_ENGINES_BY_SITE: a site's own, e.g. "www.example.org=openai,deepl;cn.example.org=none".
TRANSLATION_ENGINES = os.environ.get("TRANSLATION_ENGINES")
TRANSLATION_ENGINES_BY_SITE = os.environ.get("TRANSLATION_ENGINES_BY_SITE", "")
TRANSLATION_ENGINE_TIMEOUT = float(os.environ.get("TRANSLATION_ENGINE_TIMEOUT", "20"))  # seconds per request
DEEPL_API_KEY = os.environ.get("DEEPL_API_KEY", "") or os.environ.get("DEEPL_AUTH_KEY", "")
DEEPL_API_URL = os.environ.get("DEEPL_API_URL", "")  # default: api-free.deepl.com for ":fx" keys, else api.deepl.com
DEEPL_GLOSSARY_ID = os.environ.get("DEEPL_GLOSSARY_ID", "")
LIBRETRANSLATE_URL = os.environ.get("LIBRETRANSLATE_URL", "")
LIBRETRANSLATE_API_KEY = os.environ.get("LIBRETRANSLATE_API_KEY", "")
OPENAI_BASE_URL = os.environ.get("OPENAI_BASE_URL", "")  # e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1
OPENAI_API_KEY = os.environ.get("OPENAI_API_KEY", "")
OPENAI_MODEL = os.environ.get("OPENAI_MODEL", "")

# --- Reach: search engines, feeds, the API (docs/reach.md) ---------------------------------------------
# Publishing or unpublishing a page sends its URLs in both languages to IndexNow (Bing, Yandex, Seznam …)
# and to Baidu's URL submission, each only when its key is set; after commit, in the background.
INDEXNOW_KEY = os.environ.get("INDEXNOW_KEY", "")
INDEXNOW_ENDPOINT = os.environ.get("INDEXNOW_ENDPOINT", "https://api.indexnow.org/indexnow")
BAIDU_PUSH_TOKEN = os.environ.get("BAIDU_PUSH_TOKEN", "")
BAIDU_PUSH_SITE = os.environ.get("BAIDU_PUSH_SITE", "")  # as registered with Baidu, e.g. https://www.example.org
BAIDU_PUSH_ENDPOINT = os.environ.get("BAIDU_PUSH_ENDPOINT", "http://data.zz.baidu.com")
PUSH_TIMEOUT_SECONDS = float(os.environ.get("PUSH_TIMEOUT_SECONDS", "10"))
# The read-only API at /api/v2/ (Wagtail API v2): requests per client address.
API_THROTTLE_RATE = os.environ.get("API_THROTTLE_RATE", "120/minute")
API_CACHE_SECONDS = int(os.environ.get("API_CACHE_SECONDS", "60"))
# Items per API listing request (`?limit=`, Wagtail's default is 20): a language's pages in one request.
WAGTAILAPI_LIMIT_MAX = int(os.environ.get("API_LIMIT_MAX", "100"))

# --- E-mail ----------------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # Django's own loggers print through this handler only: with Django's console handler as well (a
    # development server), each of their lines came out twice, once from each.
    "loggers": {"django": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO"), "propagate": False}},
}

FORMAT_MODULE_PATH = ["cms.formats"]

# --- Security -------------------------------------------------------------------------------------
# Error pages in the visitor's language with the site chrome (cms/errors.py; handlers in cms/urls.py).
CSRF_FAILURE_VIEW = "cms.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Input at the edge (cms/security/edge.py): only these URLs accept anything but GET and HEAD.
EDGE_WRITABLE_URL_PATTERNS = [
    r"^/admin/",
    r"^/documents/authenticate_with_password/",
    r"^/[^/]+/_util/",  # Wagtail's form for password-protected pages
]
EDGE_MAX_PATH_LENGTH = 1_000
EDGE_MAX_QUERY_VALUE_LENGTH = 1_000  # characters per query parameter
EDGE_MAX_FORM_VALUE_LENGTH = 2_000_000  # characters per form field (a page's StreamField JSON is one)
# Request bodies, checked against Content-Length before anything is read or parsed.
EDGE_MAX_BODY_BYTES = int(os.environ.get("MAX_REQUEST_BODY_BYTES", 20 * 2**20))
EDGE_BODY_LIMITS = [
    # (path pattern, bytes): PO files of one page are kilobytes.
    (r"^/admin/translation-queue/\d+/po/upload/$", 2 * 2**20),
    (r"^/admin/localize/translate/\d+/pofile/upload/$", 2 * 2**20),
    (r"^/admin/login/$", 10 * 2**10),
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_000_000  # non-file form data (Django refuses more with a 400)
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10_000_000
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000

# Content-Security-Policy (django-csp 4, cms/security/csp.py). Public pages: nothing inline without a
# nonce, nothing from another origin. MEDIA_HOST adds the media host (S3 or a CDN) for images.
_MEDIA_HOSTS = [h for h in os.environ.get("MEDIA_HOST", "").split(",") if h]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", *_MEDIA_HOSTS],
        "media-src": [SELF, *_MEDIA_HOSTS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The Wagtail admin and wagtail-localize's editor render inline <script> (date pickers, inline panels)
# and style attributes: 'unsafe-inline' there, and no nonce (a nonce would make browsers ignore
# 'unsafe-inline'). Still nothing from another origin, no plugins, no foreign form targets or framing.
CSP_ADMIN_PATH_PREFIXES = ("/admin/",)
CSP_ADMIN_DIRECTIVES = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:", *_MEDIA_HOSTS],
    "font-src": [SELF, "data:"],
    "worker-src": [SELF, "blob:"],
    "frame-ancestors": [SELF],  # the page editor's live preview
}
# The admin would otherwise load avatars from gravatar.com and ask wagtail.org for new releases.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Login throttling (django-axes): 5 failures for one username from one address lock that pair out
# for 15 minutes; the right password before that resets the count. Unlock: README, "Deploying".
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cms.errors.locked_out"
AXES_CLIENT_IP_CALLABLE = "cms.security.throttling.client_ip"
AXES_VERBOSE = False
# Proxies in front of the site that append to X-Forwarded-For (0: use the connection's address).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
