"""Settings shared by every profile.

Everything that differs between machines comes from the environment (contracts §1):
DATABASE_URL, ELASTICSEARCH_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS, MEDIA_ROOT, REDIS_URL.
Nothing else is required to start; the defaults give the embedded SQLite site.
"""

import os
import re
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    """Read a boolean the way operators write it: 1/true/yes/on."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_rate(name, default):
    """A rate limit ("60/m"), refused at start-up when mistyped rather than failing every request."""
    value = os.environ.get(name, default).strip()
    if not re.fullmatch(r"\d+/\d*[smhd]", value):
        raise ImproperlyConfigured(f'{name}={value!r}: write a rate as "N/s", "N/m", "N/h" or "N/d", e.g. "60/m".')
    return value


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,gmp.localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Our apps, lowest layer first (docs/architecture.md): hub ← partners ← library ← search.
    "hub",
    "partners",
    "library",
    "search",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hub.middleware.SiteLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # The request's Wagtail site from the cache, not a query a request (hub/site_cache.py).
    "hub.site_cache.CachedSiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Partners' users stay out of other organisations' spaces where no Wagtail hook reaches.
    "partners.admin.isolation.PartnerBoundaryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "exchange_platform.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "exchange_platform.wsgi.application"

# Database: SQLite file by default (the embedded site), any DATABASE_URL otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded site is read while it is written (an import, `update_index`, every search's
    # query-log row), with Django's own SQLite options (docs/architecture.md, "SQLite"):
    # - WAL: readers never wait for a writer, and a writer never waits for readers;
    #   synchronous=NORMAL is the durable setting WAL is meant to run with.
    # - IMMEDIATE: a transaction takes the write lock when it starts, so it queues behind another
    #   writer (within the busy timeout) instead of failing with "database is locked" when a
    #   read inside it turns into a write.
    # - timeout: how long a writer waits for that lock, in seconds.
    # CONN_MAX_AGE stays 0: the development server runs each request in a thread of its own, so a
    # kept connection would only be left open by a finished thread.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's ModelBackend, plus: a deactivated partner organisation's people are signed out at once
# (partners/auth.py). Wagtail needs nothing else from the backend.
AUTHENTICATION_BACKENDS = ["partners.auth.PartnerAwareBackend"]
# Days an invitation link to a partner's user stays valid (partners/invitations.py).
PARTNER_INVITATION_DAYS = int(os.environ.get("PARTNER_INVITATION_DAYS", "7"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages (contracts §2): the six UN languages, English the source locale.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ar", "العربية"),
    ("zh-hans", "中文"),
    ("ru", "Русский"),
]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# English dates as the UN writes them ("30 October 2023"); other languages keep Django's formats.
FORMAT_MODULE_PATH = ["exchange_platform.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Static and media files. WhiteNoise serves static files in every profile, so the
# embedded site needs no web server in front of it.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Caches: Redis when REDIS_URL is set, otherwise local memory; renditions get their own alias.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL},
        "renditions": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "renditions",
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "renditions": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "renditions",
        },
    }

# Search: Wagtail's database backend by default (SQLite FTS5 / PostgreSQL full text);
# Elasticsearch when ELASTICSEARCH_URL is set. "default" serves the admin.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch9",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX": os.environ.get("ELASTICSEARCH_INDEX", "exchange_platform"),
            "TIMEOUT": 10,
            "OPTIONS": {},
            "INDEX_SETTINGS": {},
        }
    }
else:
    # Wagtail's database backend, whose title-norm refresh can wait for the end of a bulk job
    # (search/backends/wagtail_database.py). Not ATOMIC_REBUILD: the atomic rebuild holds one
    # transaction over the whole `update_index` run, so on SQLite every other writer (an
    # editor's save, a search's query-log row) waits for it and fails after the busy timeout. The
    # plain rebuild never empties the index: it deletes entries of objects that no longer exist
    # and rewrites the others chunk by chunk.
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.wagtail_database", "ATOMIC_REBUILD": False}}
# The public faceted search (search/): Wagtail's indexing calls reach it through this bridge;
# its engine is Elasticsearch or the database, by the same ELASTICSEARCH_URL (search/backends/).
WAGTAILSEARCH_BACKENDS["site"] = {"BACKEND": "search.backends.wagtail_bridge"}
# The database engine counts facets from postings each process keeps in memory, read again when
# documents change: "background" (a thread reads them; searches count in SQL meanwhile),
# "inline" (the search reads them), "off" (always SQL). search/backends/database_facet_index.py.
SEARCH_FACET_INDEX = os.environ.get("SEARCH_FACET_INDEX", "background").strip().lower()
if SEARCH_FACET_INDEX not in ("background", "inline", "off"):
    raise ImproperlyConfigured(f"SEARCH_FACET_INDEX={SEARCH_FACET_INDEX!r}: write background, inline or off.")
# A search export walks at most this many matches, and says so in the file when more matched.
SEARCH_EXPORT_MAX_ROWS = int(os.environ.get("SEARCH_EXPORT_MAX_ROWS", "200000"))

# Rate limits per client address (django-ratelimit through hub/ratelimits.py, in the default
# cache): "N/s", "N/m", "N/h" or "N/d". RATELIMIT_ENABLE=0 switches them all off.
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)
RATELIMIT_SEARCH = env_rate("RATELIMIT_SEARCH", "120/m")  # search page, JSON API, feed
RATELIMIT_SUGGEST = env_rate("RATELIMIT_SUGGEST", "300/m")  # autocomplete: one per keystroke
RATELIMIT_EXPORT = env_rate("RATELIMIT_EXPORT", "10/m")  # search and library listing exports
RATELIMIT_OAI = env_rate("RATELIMIT_OAI", "120/m")  # harvesters follow resumption tokens quickly
# Behind a reverse proxy, the header holding the client's address (e.g. HTTP_X_REAL_IP).
RATELIMIT_IP_META_KEY = os.environ.get("RATELIMIT_IP_META_KEY") or None

# Background tasks (django-tasks): immediate here, the database queue in production.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Wagtail
WAGTAIL_SITE_NAME = "Minamata Exchange Platform"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The sender of review notifications and invitations (SMTP settings: production.py).
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Minamata Exchange Platform <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
# Uploads are checked by content (library/forms.py), not only by extension.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "library.forms.SafeDocumentForm"
# PDFs and text open in the browser; everything else downloads.
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf", "text/plain"]
# Every document goes through Wagtail's view (collection privacy, download counts), never /media/.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# OAI-PMH (library/oai): what Identify says about this repository.
OAI_REPOSITORY_NAME = os.environ.get("OAI_REPOSITORY_NAME", "Minamata Exchange Platform library")
OAI_ADMIN_EMAIL = os.environ.get("OAI_ADMIN_EMAIL", "oai-admin@example.org")
OAI_IDENTIFIER_NAMESPACE = os.environ.get("OAI_IDENTIFIER_NAMESPACE", "exchange.example.org")
OAI_PAGE_SIZE = int(os.environ.get("OAI_PAGE_SIZE", "100"))
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_PASSWORD_RESET_ENABLED = False
# No Gravatar: the admin would send every editor's hashed e-mail to a third party and load
# images from the internet; Wagtail shows its default avatar (or an uploaded one) instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILSEARCH_HITS_MAX_AGE = 30
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Machine translation is off: the Parties' texts are translated by people (docs/translation.md).
# To offer it to translators, set e.g. {"CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
# "OPTIONS": {"AUTH_KEY": os.environ[...]}}; pages it translates then carry a notice until reviewed.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
# Translated pages are edited string by string in wagtail-localize's translation editor and stay
# linked to their source ("synced", its default, stated here), so PO download/upload and updates work.
WAGTAIL_LOCALIZE_DEFAULT_TRANSLATION_MODE = "synced"
# Participants-only meeting areas use Wagtail's page privacy; the login form lives here.
WAGTAIL_FRONTEND_LOGIN_URL = "/admin/login/"
WAGTAIL_FRONTEND_LOGIN_TEMPLATE = None

SITE_ID = 1

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Cosmetic names shown on the admin menu for this product.
WAGTAIL_ADMIN_NAME = _("Minamata Exchange Platform")
