"""Settings for Alliances, read from the environment (see .env.example)."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from alliances.lib.env import env_bool, env_int, env_list, env_str, load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent
if not env_bool("IGNORE_DOTENV", False):
    load_dotenv(BASE_DIR / ".env")

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", required=not DEBUG) or "insecure-development-key-only"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "alliances.core",
    "alliances.accounts",
    "alliances.territories",
    "alliances.organisations",
    "alliances.partnerships",
    "alliances.agreements",
    "alliances.indicators",
    "alliances.surveys",
    "alliances.governance",
    "alliances.matching",
    "alliances.diagnosis",
    "alliances.reports",
    "alliances.api",
    "alliances.privacy",
    "alliances.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "alliances.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "alliances.core.middleware.RequestLogMiddleware",
    "alliances.core.middleware.InterfaceMiddleware",
]

ROOT_URLCONF = "alliances.urls"
WSGI_APPLICATION = "alliances.wsgi.application"

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
                "django.template.context_processors.i18n",
                "alliances.core.context_processors.site",
                "alliances.partnerships.context_processors.partnerships",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]


# Database: SQLite under var/ unless DATABASE_URL names another server.
def _database() -> dict:
    url = env_str("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
        config["CONN_HEALTH_CHECKS"] = env_bool("DB_CONN_HEALTH_CHECKS", True)
        if config["ENGINE"].endswith("postgresql"):
            # Directory search builds bitmaps of common words: with PostgreSQL's default
            # 4 MB they turn lossy and every row of their pages is checked again.
            work_mem = env_str("DB_WORK_MEM", "32MB")
            if work_mem:
                config.setdefault("OPTIONS", {})["options"] = f"-c work_mem={work_mem}"
        return config
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "alliances.sqlite3",
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Alliances] "
ACCOUNT_ADAPTER = "alliances.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "alliances.accounts.forms.SignupForm"}
# Throttling: failed logins per IP and per account, sign-ups and reset e-mails per IP.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env_str("LOGIN_FAILED_RATE_LIMIT", "10/m/ip,5/5m/key"),
    "signup": env_str("SIGNUP_RATE_LIMIT", "20/m/ip"),
    "reset_password": env_str("RESET_PASSWORD_RATE_LIMIT", "20/m/ip,5/m/key"),
    "confirm_email": "1/3m/key",
}

# E-mail: console in development, SMTP from the environment otherwise.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Alliances <noreply@alliances.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (e-mails, exports): run at once in development and tests; in production
# TASKS_BACKEND=database queues them in the database for `manage.py db_worker`.
_tasks_backend = env_str("TASKS_BACKEND", "immediate")
if _tasks_backend not in {"immediate", "database"}:
    raise ImproperlyConfigured("TASKS_BACKEND must be 'immediate' or 'database'.")
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if _tasks_backend == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# Cache: local memory unless REDIS_URL is given (needed with several web processes,
# because login throttling counts in the cache).
_redis_url = env_str("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _redis_url}
        if _redis_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Internationalisation: French first, English on request.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE", "Europe/Paris")
USE_TZ = True
LANGUAGE_COOKIE_NAME = "alliances_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Static and uploaded files
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
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
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
LOGO_MAX_BYTES = env_int("LOGO_MAX_BYTES", 1024 * 1024)
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)

# Impact measurement
# Days after a period ends before its values fall due; reminders go this many days before.
REPORTING_GRACE_DAYS = env_int("REPORTING_GRACE_DAYS", 30)
REPORTING_REMINDER_DAYS = env_int("REPORTING_REMINDER_DAYS", 7)
# Public survey links: submissions accepted per client address and minute (counted in the
# cache, never stored with answers).
SURVEY_RATE_LIMIT_PER_MINUTE = env_int("SURVEY_RATE_LIMIT_PER_MINUTE", 30)
# Reverse proxies in front of the server that append to X-Forwarded-For (0: none), so that
# the rate limit counts each client, not the proxy.
SURVEY_TRUSTED_PROXY_COUNT = env_int("SURVEY_TRUSTED_PROXY_COUNT", 0)
# Seconds during which new responses are gathered before their indicators are recomputed.
SURVEY_RECOMPUTE_DELAY = env_int("SURVEY_RECOMPUTE_DELAY", 0 if DEBUG else 30)

# Shared governance
# Meeting documents: at most this size each.
GOVERNANCE_DOCUMENT_MAX_BYTES = env_int("GOVERNANCE_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)
# Action owners are reminded this many days before the due date, then once it is overdue.
ACTION_REMINDER_DAYS = env_int("ACTION_REMINDER_DAYS", 3)

# Finding partners
# The suggestion index of each process is rebuilt from the database after this many seconds,
# or at once when a profile changes (its generation number is kept in the cache).
MATCHING_INDEX_SECONDS = env_int("MATCHING_INDEX_SECONDS", 600)
# Introduction messages a person may send per day, and days before the same organisation may
# be contacted again by the same sender organisation.
MATCHING_INTRODUCTIONS_PER_DAY = env_int("MATCHING_INTRODUCTIONS_PER_DAY", 10)
MATCHING_INTRODUCTION_COOLDOWN_DAYS = env_int("MATCHING_INTRODUCTION_COOLDOWN_DAYS", 30)
# Messages to other organisations (introductions, answers to calls, proposals): per person
# and per client address (several people may share an office address), per hour.
CONTACT_RATE_LIMIT_PER_HOUR = env_int("CONTACT_RATE_LIMIT_PER_HOUR", 10)
CONTACT_RATE_LIMIT_PER_ADDRESS_PER_HOUR = env_int("CONTACT_RATE_LIMIT_PER_ADDRESS_PER_HOUR", 30)
# Wrong passwords on the account deletion page, per person and per address, per hour.
DELETE_ACCOUNT_FAILURES_PER_HOUR = env_int("DELETE_ACCOUNT_FAILURES_PER_HOUR", 5)

# Privacy: who runs the platform (data controller) and where people write about their data,
# shown on the privacy notice.
PRIVACY_CONTROLLER_NAME = env_str("PRIVACY_CONTROLLER_NAME", "")
PRIVACY_CONTACT_EMAIL = env_str("PRIVACY_CONTACT_EMAIL", "")

# Reports, public pages and the API
# Seconds a public impact page stays cached; it is also dropped as soon as its data change.
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 3600)
# Requests per minute allowed to one API token or session (or one address, unauthenticated).
API_RATE_LIMIT_PER_MINUTE = env_int("API_RATE_LIMIT_PER_MINUTE", 120)
# Proxies in front of the server whose X-Forwarded-For may be trusted (0: use the peer address).
NINJA_NUM_PROXIES = env_int("SURVEY_TRUSTED_PROXY_COUNT", 0)
# Largest IATI activity file accepted for import, in bytes.
IATI_IMPORT_MAX_BYTES = env_int("IATI_IMPORT_MAX_BYTES", 5 * 1024 * 1024)

# Security: strict by default outside development.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
# Pages send the CSRF token from the template (a hidden field, or the hx-headers of <body>
# for htmx), never from the cookie, so scripts need not read it.
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): only our own files run or style the page; no inline
# script, no inline style, no eval (see docs/security.md).
_SELF = "'self'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF],
        "img-src": [_SELF, "data:"],
        "font-src": [_SELF],
        "connect-src": [_SELF],
        # The offline worker of public survey links.
        "worker-src": [_SELF],
        "manifest-src": [_SELF],
        "object-src": ["'none'"],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": ["'none'"],
    }
}
# The health check is probed over plain HTTP by load balancers.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Logs: one JSON object per line in production, readable lines in development.
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    # Passwords, tokens, session and CSRF values, and secret URL parts never reach a log line.
    "filters": {"scrub_secrets": {"()": "alliances.lib.logging_filters.SecretScrubFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["scrub_secrets"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
    },
}

ADMINS = [("Admin", a) for a in env_list("ADMINS")]
