"""Settings for Case Review Learning, read from environment variables.

DATABASE_URL          default: SQLite file var/db.sqlite3 (the embedded default)
DJANGO_SECRET_KEY     required unless DJANGO_DEBUG is on
DJANGO_DEBUG          "1"/"true" for local development only
DJANGO_ALLOWED_HOSTS  comma-separated host names
DJANGO_SITE_URL       the site's public address, for links in e-mails (reminders)
DJANGO_CACHE_URL      redis://host:6379/0 for a cache shared by every app server (if unset: files in
                      var/cache, shared by one machine's processes; local memory with debug on)
DJANGO_LOG_LEVEL      the root logger's level (WARNING); request lines go to "crl.requests" at INFO

docs/production.md lists every variable (e-mail, HTTPS, HSTS, proxy) with its default.

A git-ignored `.env` file beside manage.py, if there is one, supplies variables the environment
does not set (real environment variables always win). `make run` writes one with DJANGO_DEBUG=1,
so that `.venv/bin/python manage.py …` works locally with nothing to export by hand.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent.parent
load_dotenv(BASE_DIR / ".env", override=False)
VAR_DIR = BASE_DIR / "var"
BRIEFINGS_DIR = BASE_DIR / "fixtures" / "briefings"


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. "
            "For local development run `make run`, which turns debug on."
        )
    SECRET_KEY = "insecure-local-development-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")
    if host.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django_filters",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Ours, bottom to top (each imports only those above it in this list; see pyproject.toml's
    # import-linter contract): core <- themes <- reviews <- findings <- actions <- intake | browse | accounts.
    "core",
    "themes",
    "reviews",
    "findings",
    "actions",
    "intake",
    "browse",
    "accounts",
]

MIDDLEWARE = [
    "config.requestlog.RequestLogMiddleware",  # first: times and logs every response, even redirects
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.IdleTimeout",
    "accounts.middleware.RequireSecondFactor",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "core.pagecache.PageCacheMiddleware",  # anonymous readers' public pages (PAGE_CACHE_*)
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves several worker processes from one file: write-ahead logging
    # lets readers go on while one writes, a write transaction takes its lock when it begins (no
    # "database is locked" when two readers both try to write), and a busy writer is waited for.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY; "
                "PRAGMA mmap_size=268435456; PRAGMA cache_size=-32000"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache shared by every app server (Redis) in production. Without one, the embedded default
# (one machine, SQLite) keeps its cache in files, which every worker process of that machine
# shares, so cached pages and counters are the same whichever worker answers; in development
# (debug on) each process's own memory. Sessions stay in the database (Django's default), so any
# server can serve anyone.
CACHE_URL = os.environ.get("DJANGO_CACHE_URL", "").strip()
FILE_CACHE = not CACHE_URL and not DEBUG
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "crl",
            "TIMEOUT": 300,
            # Fail fast: a cache that does not answer must not hold a request (or /health/) up.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
elif FILE_CACHE:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("DJANGO_CACHE_DIR", "").strip() or str(VAR_DIR / "cache"),
            "TIMEOUT": 300,
            # A partnership's pages and their query strings; past this the oldest third goes.
            "OPTIONS": {"MAX_ENTRIES": 3000},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Whole public pages cached for readers under a content version (core/pagecache.py). On only with
# a cache every process shares (Redis, or the files of the embedded default): the version must
# reach every worker when content changes.
PAGE_CACHE_SECONDS = int(
    os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "600" if CACHE_URL or FILE_CACHE else "0")
)
PAGE_CACHE_APPS = ["themes", "reviews", "findings", "actions"]  # a save in these bumps the version
PAGE_CACHE_NAMESPACES = ["browse", "findings", "reviews"]  # the public pages' URL namespaces
PAGE_CACHE_EXCLUDED_VIEWS = ["healthz"]
PAGE_CACHE_MAX_BYTES = 2 * 1024 * 1024

AUTHENTICATION_BACKENDS = [
    # First, as django-axes asks: refuses a locked-out sign-in before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"

# Sign-in throttling (django-axes): after 5 wrong passwords for one username from one address,
# that pair is locked out for 15 minutes (the lockout page says so; an admin can lift it under
# Admin › Access attempts). Password-reset requests are throttled in accounts/views.py.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0")) or None

# Two-factor sign-in (django-otp): required of superusers and board managers, optional for leads
# (accounts/policy.py). On whenever debug is off; DJANGO_TWO_FACTOR=0 is for local demos only.
TWO_FACTOR_ENABLED = env_bool("DJANGO_TWO_FACTOR", not DEBUG)
OTP_TOTP_ISSUER = "Case Review Learning"

# A signed-in session ends after this long without a request (core/middleware.py), and after
# SESSION_COOKIE_AGE in any case.
SESSION_IDLE_TIMEOUT = int(os.environ.get("DJANGO_SESSION_IDLE_MINUTES", "60")) * 60
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_MAX_HOURS", "12")) * 3600
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# E-mail: SMTP unless debug is on. The console backend prints password-reset links, so it is only
# ever the default on a developer's machine; production sets DJANGO_EMAIL_HOST and friends.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "learning@localhost")

# The site's public address, for links in e-mails sent outside a request (reminders).
SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The board's escalation list shows open actions overdue by more than this many days.
ACTIONS_ESCALATE_OVERDUE_DAYS = 90

# Content-Security-Policy: no inline scripts, styles or event handlers anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    # HTTPS: on by default once debug is off. TLS ends at the proxy, which must send
    # X-Forwarded-Proto (DJANGO_TRUST_PROXY_HTTPS=1 tells Django to believe it).
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # The load balancer asks each app server for /health/ over plain HTTP on the inside.
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
if env_bool("DJANGO_TRUST_PROXY_HTTPS"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# One JSON line per request on standard error (config/requestlog.py); the process manager
# (systemd's journal, the container runtime) collects it. Nothing else is written to disk.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"request": {"()": "config.requestlog.JsonLineFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "requests": {"class": "logging.StreamHandler", "formatter": "request"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {
        "crl.requests": {"handlers": ["requests"], "level": "INFO", "propagate": False},
        # The request line already says a request failed; Django's own line would repeat the
        # path (and a 4xx line its query string), so keep Django's for server errors only.
        "django.request": {"level": "ERROR"},
    },
}
