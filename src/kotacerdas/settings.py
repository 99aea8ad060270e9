"""Settings of the Kota Cerdas Bekasi platform.

One file, read only from environment variables (ARCHITECTURE.md, "Rules of the house").
Every variable is documented, with its default, in README.md.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(os.environ.get("KOTACERDAS_HOME", Path.cwd())).resolve()
VAR_DIR = Path(os.environ.get("KOTACERDAS_VAR_DIR", BASE_DIR / "var")).resolve()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


DEBUG = env_bool("KOTACERDAS_DEBUG", False)
# Under pytest the suite runs with test-friendly settings even without the variable.
TESTING = env_bool("KOTACERDAS_TESTING", False) or "pytest" in sys.modules

SECRET_KEY = os.environ.get("KOTACERDAS_SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        # Only for a developer's machine; production refuses to start without a key.
        SECRET_KEY = "insecure-development-key-do-not-use-in-production-0123456789abcdef"
    else:
        raise ImproperlyConfigured(
            "KOTACERDAS_SECRET_KEY is required when KOTACERDAS_DEBUG is off (see README)."
        )

ALLOWED_HOSTS = env_list(
    "KOTACERDAS_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG or TESTING else ""
)
CSRF_TRUSTED_ORIGINS = env_list("KOTACERDAS_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "kotacerdas.core",
    "kotacerdas.masterplan",
    "kotacerdas.monitoring",
    "kotacerdas.institutions",
    "kotacerdas.complaints",
    "kotacerdas.opendata",
    "kotacerdas.sensing",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kotacerdas.core.middleware.RequestLogMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "kotacerdas.core.middleware.UserLanguageMiddleware",
    "kotacerdas.core.middleware.EnforceTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # axes last, as its documentation asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kotacerdas.urls"
WSGI_APPLICATION = "kotacerdas.wsgi.application"
ASGI_APPLICATION = "kotacerdas.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kotacerdas.core.context_processors.platform",
            ],
        },
    }
]

# --- Database: SQLite (WAL) in var/ by default, anything dj-database-url knows via DATABASE_URL.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("KOTACERDAS_SQLITE_PATH", str(VAR_DIR / "kotacerdas.sqlite3")),
            "OPTIONS": {
                # IMMEDIATE: writers take the lock at BEGIN, so two writers never deadlock
                # on a lock upgrade; WAL lets readers go on while one writes.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
            },
            "TEST": {"NAME": os.environ.get("KOTACERDAS_TEST_SQLITE_PATH") or None},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: the database by default (shared by every web process), Redis with REDIS_URL.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "kotacerdas_cache",
            # Django's default (300) is small for cached searches and pages.
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# --- Background tasks (django-tasks with the database backend).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("KOTACERDAS_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
TASK_QUEUE_STUCK_AFTER_SECONDS = env_int("KOTACERDAS_TASK_STUCK_AFTER", 600)

# --- Accounts and security.
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

AXES_FAILURE_LIMIT = env_int("KOTACERDAS_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("KOTACERDAS_LOGIN_COOLOFF_MINUTES", 30) / 60  # hours
# Locked per account: city offices share one NAT address, so locking by address would lock
# out a whole office; the account is what an attacker guesses at.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/auth/locked_out.html"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "Kota Cerdas Bekasi"
# Roles whose accounts must pass TOTP before using the platform.
KOTACERDAS_2FA_REQUIRED_ROLES = env_list("KOTACERDAS_2FA_REQUIRED_ROLES", "administrator")

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env_int("KOTACERDAS_SESSION_SECONDS", 8 * 3600)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = env_bool("KOTACERDAS_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("KOTACERDAS_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("KOTACERDAS_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading binds every subdomain of the city's domain in browsers for months and is
        # hard to undo: the domain's owner opts in (KOTACERDAS_HSTS_PRELOAD=1), not the platform.
        SILENCED_SYSTEM_CHECKS.append("security.W021")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("KOTACERDAS_MAX_REQUEST_BYTES", 10 * 1024 * 1024)
# Satu Data uploads (CSV/XLSX for a Daftar Data entry) stream to disk; larger files are refused.
KOTACERDAS_SATUDATA_MAX_UPLOAD_MB = env_int("KOTACERDAS_SATUDATA_MAX_UPLOAD_MB", 200)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Internationalisation: Indonesian first, English second.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("KOTACERDAS_STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("KOTACERDAS_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
if DEBUG or TESTING:
    # WhiteNoise serves from the finders here; an empty STATIC_ROOT spares a warning a request.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# --- Audit chain (Pasal 27(2)b).
AUDIT_SIGNING_KEY_FILE = Path(
    os.environ.get("KOTACERDAS_AUDIT_KEY_FILE", VAR_DIR / "keys" / "audit-ed25519.pem")
)
AUDIT_CHECKPOINT_DIR = Path(
    os.environ.get("KOTACERDAS_AUDIT_CHECKPOINT_DIR", VAR_DIR / "audit-checkpoints")
)
AUDIT_CHECKPOINT_EVERY = env_int("KOTACERDAS_AUDIT_CHECKPOINT_EVERY", 100)

# --- Map: no tile server by default (works offline); an URL template turns one on.
MAP_TILE_URL = os.environ.get("KOTACERDAS_MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = os.environ.get("KOTACERDAS_MAP_TILE_ATTRIBUTION", "")

MQTT_URL = os.environ.get("MQTT_URL", "")

# --- Sensor alarms (issue #7 items 3-4): a datastream is stale after FACTOR x its interval.
SENSING_STALE_FACTOR = float(os.environ.get("KOTACERDAS_SENSING_STALE_FACTOR", "2"))
SENSING_STALE_ESCALATE_AFTER_MINUTES = env_int("KOTACERDAS_SENSING_STALE_ESCALATE_MINUTES", 60)
SENSING_WATCH_CACHE_SECONDS = env_int("KOTACERDAS_SENSING_WATCH_CACHE_SECONDS", 30)

# --- Structured logs: one JSON object a line on stderr.
LOG_LEVEL = os.environ.get("KOTACERDAS_LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "kotacerdas.core.logging.RedactSecretsFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["redact"],
        }
    },
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
        # WeasyPrint logs every layout step at INFO; keep its warnings only.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- E-mail of notifications (issue #4 item 9): console in development and tests, SMTP otherwise.
EMAIL_BACKEND = os.environ.get(
    "KOTACERDAS_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG or TESTING
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("KOTACERDAS_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("KOTACERDAS_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("KOTACERDAS_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("KOTACERDAS_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("KOTACERDAS_EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get(
    "KOTACERDAS_EMAIL_FROM", "Kota Cerdas Bekasi <no-reply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Links in e-mails are made absolute with this (e.g. https://smartcity.bekasikota.go.id).
SITE_URL = os.environ.get("KOTACERDAS_SITE_URL", "").rstrip("/")

# SP4N-LAPOR! adapter (issue #5 item 8): empty URL or token = the exchange is off.
LAPOR_URL = os.environ.get("KOTACERDAS_LAPOR_URL", "").rstrip("/")
LAPOR_TOKEN = os.environ.get("KOTACERDAS_LAPOR_TOKEN", "")
