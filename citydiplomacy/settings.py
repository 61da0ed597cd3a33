"""Settings for citydiplomacy, read from environment variables.

Every setting a deployment may change is documented in docs/configuration.md; a test checks
that each variable read here is documented there. The helpers fail loudly on a value they do
not understand rather than guessing.
"""

import datetime as dt
import os
import secrets
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

# Lets model fields be written with type parameters (CharField[str, str]) at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r}: expected one of 1/0, true/false, yes/no, on/off")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r}: expected a whole number") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def _default_data_dir() -> Path:
    # A source checkout keeps its database beside the code; an installed package uses the
    # user's data directory.
    if (PROJECT_DIR / "pyproject.toml").exists():
        return PROJECT_DIR / "var"
    return Path.home() / ".local" / "share" / "citydiplomacy"


DATA_DIR = Path(env_str("CITYDIPLOMACY_DATA_DIR", str(_default_data_dir()))).resolve()
# The row-by-row reports of import runs, offered on each run's page.
REPORTS_DIR = DATA_DIR / "reports"
PRODUCTION = env_bool("CITYDIPLOMACY_PRODUCTION", False)
DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when CITYDIPLOMACY_PRODUCTION is on")
    # Local use: a random key kept in the data directory, never in the repository.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_htmx",
    "ninja",
    "axes",
    "django_tasks_db",
    "citydiplomacy.core.history",
    "citydiplomacy.core.runs",
    "citydiplomacy.sources",
    "citydiplomacy.geo",
    "citydiplomacy.organisations",
    "citydiplomacy.agreements",
    "citydiplomacy.people",
    "citydiplomacy.core.accounts",
    "citydiplomacy.imports",
    "citydiplomacy.offices",
    "citydiplomacy.contacts",
    "citydiplomacy.engagements",
    "citydiplomacy.practices",
    "citydiplomacy.commitments",
    "citydiplomacy.protocol",
    "citydiplomacy.network",
    "citydiplomacy.site",
]

MIDDLEWARE = [
    # The client's own address first, so every later layer (logs, throttles) sees it.
    "citydiplomacy.core.serving.TrustedProxyMiddleware",
    "citydiplomacy.core.serving.AccessLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "citydiplomacy.core.serving.JsonApiErrorsMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Anonymous reads answered from the cache skip everything below (sessions, auth, CSRF).
    "citydiplomacy.core.pagecache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "citydiplomacy.core.accounts.middleware.TokenAuthenticationMiddleware",
    "citydiplomacy.core.accounts.cache.PrivateResponsesMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Counts failed sign-ins and refuses further attempts for a while (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "citydiplomacy.urls"
WSGI_APPLICATION = "citydiplomacy.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "citydiplomacy.core.context.navigation",
            ],
        },
    },
]

_SQLITE_PATH = DATA_DIR / "citydiplomacy.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{_SQLITE_PATH}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets pages be read while an import writes; IMMEDIATE avoids lock upgrades.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
    if not os.environ.get("DATABASE_URL"):
        DATA_DIR.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Long work (imports, rebuilds) runs in the task worker (`citydiplomacy db_worker`, started by
# scripts/run beside the server), queued in the database: no extra service on the default.
TASKS = {
    "default": {
        "BACKEND": env_str("CITYDIPLOMACY_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "site:home"
LOGOUT_REDIRECT_URL = "site:home"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
NODE_MODULES = Path(env_str("CITYDIPLOMACY_NODE_MODULES", str(PROJECT_DIR / "node_modules")))
# Front-end libraries come from npm (scripts/setup) and are served from this machine.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/pico", NODE_MODULES / "@picocss" / "pico" / "css"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
    ("vendor/leaflet.markercluster", NODE_MODULES / "leaflet.markercluster" / "dist"),
    ("vendor/tom-select", NODE_MODULES / "tom-select" / "dist"),
    ("vendor/topojson", NODE_MODULES / "topojson-client" / "dist"),
    ("vendor/world-atlas", NODE_MODULES / "world-atlas"),
    ("vendor/cytoscape", NODE_MODULES / "cytoscape" / "dist"),
    ("vendor/list.js", NODE_MODULES / "list.js" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Production hardening; `citydiplomacy check --deploy` passes with CITYDIPLOMACY_PRODUCTION=1.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# The addresses of the reverse proxies in front of the app server: only a request from one
# of them may say who the client is (X-Forwarded-For) and that it came over HTTPS.
TRUSTED_PROXIES = env_list("CITYDIPLOMACY_TRUSTED_PROXIES", ["127.0.0.1", "::1"])

# Content-Security-Policy: scripts, styles, images and data only from this site; no inline
# script or style attribute, no plug-ins, no framing. Map tiles are drawn from local data.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Caches: local memory on the embedded default; Redis (Django's own backend) when
# REDIS_URL is set, which every app server of one deployment must share.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CITYDIPLOMACY_CACHE_PREFIX", "citydiplomacy"),
            "TIMEOUT": 3600,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "citydiplomacy",
            "TIMEOUT": 3600,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# Anonymous reads of public pages and the API, kept per registry version (0 turns it off).
PAGE_CACHE = env_bool("CITYDIPLOMACY_PAGE_CACHE", True)

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one user
# name from one address, that pair is refused for AXES_COOLOFF_TIME.
AXES_FAILURE_LIMIT = env_int("CITYDIPLOMACY_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("CITYDIPLOMACY_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "citydiplomacy.core.accounts.throttling.locked_out"
AXES_CLIENT_IP_CALLABLE = "citydiplomacy.core.accounts.throttling.client_address"
AXES_VERBOSE = False
# Wrong API tokens from one address before it must wait (HTTP 429 with Retry-After).
TOKEN_FAILURE_LIMIT = env_int("CITYDIPLOMACY_TOKEN_FAILURE_LIMIT", 10)
# Full exports one client may run at once, and per minute, before HTTP 429.
EXPORTS_PER_MINUTE = env_int("CITYDIPLOMACY_EXPORTS_PER_MINUTE", 6)
EXPORTS_AT_ONCE = env_int("CITYDIPLOMACY_EXPORTS_AT_ONCE", 2)

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {
        # One line per request with the client's real address (see core.serving).
        "citydiplomacy.access": {
            "handlers": ["console"],
            "level": "INFO" if env_bool("CITYDIPLOMACY_ACCESS_LOG", False) else "WARNING",
            "propagate": False,
        },
    },
}

# The gazetteer size `citydiplomacy init` loads by default (GeoNames population threshold).
GAZETTEER_MIN_POPULATION = env_int("CITYDIPLOMACY_GAZETTEER_MIN_POPULATION", 15000)
# Rows per page on list pages and in the API.
PAGE_SIZE = env_int("CITYDIPLOMACY_PAGE_SIZE", 50)
# Service values of membership roles in the connectivity model, e.g. "member=1,chair=4"
# (defaults in organisations/graph.py; docs/network.md).
CITYDIPLOMACY_SERVICE_VALUES = env_str("CITYDIPLOMACY_SERVICE_VALUES", "")
# When a source gives a point, a city farther than this (km) from it is never matched
# silently: the name goes to review (ambiguous, with the far namesake as candidate).
MATCH_MAX_KM = env_int("CITYDIPLOMACY_MATCH_MAX_KM", 100)
