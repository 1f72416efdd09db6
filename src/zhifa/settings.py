"""Settings, read from the environment so one build serves a county box and a provincial cluster.

Variables: ``DATABASE_URL`` (default: SQLite in ``$ZHIFA_VAR_DIR``, WAL mode),
``ZHIFA_SECRET_KEY``, ``ZHIFA_ALLOWED_HOSTS`` (comma separated), ``ZHIFA_DEBUG``,
``ZHIFA_VAR_DIR`` (data root: database, blobs, keys), ``ZHIFA_BLOB_DIR``, ``ZHIFA_KEY_DIR``,
``ZHIFA_HUEY`` (``sqlite`` or ``redis``), ``REDIS_URL``, ``ZHIFA_CACHE`` (``memory`` or ``redis``),
``ZHIFA_CACHE_URL``, ``ZHIFA_PORTAL_CACHE_SECONDS``, ``ZHIFA_CONN_MAX_AGE``, ``ZHIFA_WORKERS``, ``ZHIFA_THREADS``.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BASE_DIR.parents[1]


def _env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


VAR_DIR = Path(os.environ.get("ZHIFA_VAR_DIR", PROJECT_ROOT / "var"))
BLOB_DIR = Path(os.environ.get("ZHIFA_BLOB_DIR", VAR_DIR / "blobs"))
KEY_DIR = Path(os.environ.get("ZHIFA_KEY_DIR", VAR_DIR / "keys"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = _env_bool("ZHIFA_DEBUG", False)
SECRET_KEY = os.environ.get("ZHIFA_SECRET_KEY") or "zhifa-insecure-development-key-change-me-in-production"
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ZHIFA_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "huey.contrib.djhuey",
    "zhifa.core",
    "zhifa.accounts",
    "zhifa.organizations",
    "zhifa.laws",
    "zhifa.catalog",
    "zhifa.cases",
    "zhifa.documents",
    "zhifa.evidence",
    "zhifa.casefiles",
    "zhifa.review",
    "zhifa.supervision",
    "zhifa.ledger",
    "zhifa.signing",
    "zhifa.disclosure",
    "zhifa.complaints",
    "zhifa.annualreports",
    "zhifa.inspections",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files from this process, DEBUG or not: `zhifa demo` and a single box need no web server in front.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "zhifa.core.middleware.RejectNulCharacters",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "zhifa.urls"
WSGI_APPLICATION = "zhifa.wsgi.application"

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

_default_db = f"sqlite:///{VAR_DIR / 'zhifa.sqlite3'}"
# Connections are kept between requests (``zhifa serve`` runs long-lived threads) and checked before reuse.
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _default_db),
                                              conn_max_age=int(os.environ.get("ZHIFA_CONN_MAX_AGE", 60)),
                                              conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at BEGIN so
    # that gap-free number allocation never deadlocks on a lock upgrade.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # A file, not memory: concurrent tests need SQLite's real locking; the pid keeps parallel runs apart.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:workbench"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("ZHIFA_STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Serve from the apps' static folders as well, so pages have their styles before `collectstatic` has run
# (WhiteNoise warns about a missing STATIC_ROOT, hence the empty folder).
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# One process's memory by default; ``ZHIFA_CACHE=redis`` shares the cache between servers (``ZHIFA_CACHE_URL``).
if os.environ.get("ZHIFA_CACHE", "memory") == "redis":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": os.environ.get("ZHIFA_CACHE_URL", "redis://127.0.0.1:6379/1")}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "zhifa",
                          "OPTIONS": {"MAX_ENTRIES": 5000}}}
# Anonymous portal pages are kept this many seconds at most (0: never); see zhifa.core.pagecache.
PORTAL_CACHE_SECONDS = int(os.environ.get("ZHIFA_PORTAL_CACHE_SECONDS", 300))

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "zhifa.core.api.ObjectJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "zhifa.core.api.problem_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Zhifa 执法 API",
    "DESCRIPTION": "行政执法三项制度平台接口",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "LawLevelEnum": "zhifa.laws.models.Law.Level",
        "LawStatusEnum": "zhifa.laws.models.Law.Status",
        "RuleListKindEnum": "zhifa.catalog.models.RuleList.Kind",
        "RuleListVersionStatusEnum": "zhifa.catalog.models.RuleListVersion.Status",
        "PowerKindEnum": "zhifa.catalog.models.PowerKind",
    },
}

_huey_backend = os.environ.get("ZHIFA_HUEY", "sqlite")
if _huey_backend == "redis":
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "zhifa",
        "url": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "immediate": False,
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "zhifa",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": _env_bool("ZHIFA_HUEY_IMMEDIATE", False),
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ZHIFA_LOG_LEVEL", "WARNING")},
}

# Statutory defaults that a jurisdiction may override (DESIGN.md "National defaults").
ZHIFA = {
    "REVIEWER_RATIO_MIN": "0.05",  # L1
    "CERTIFICATE_EXPIRY_WARNING_DAYS": 30,  # O1
    "WARNING_EMAIL": _env_bool("ZHIFA_WARNING_EMAIL", False),  # I5: warnings also by e-mail (EMAIL_* below)
    "SUPERVISION_ACCESS_HOURS": int(os.environ.get("ZHIFA_SUPERVISION_ACCESS_HOURS", 4)),  # R8: one reasoned access lasts
    "PUBLIC_BASE_URL": os.environ.get("ZHIFA_PUBLIC_BASE_URL", "http://127.0.0.1:8000"),
    # Public complaint form (P11): submissions and progress look-ups per client address, the human check's timing.
    "COMPLAINTS_PER_HOUR": int(os.environ.get("ZHIFA_COMPLAINTS_PER_HOUR", 10)),
    "PROGRESS_LOOKUPS_PER_10_MINUTES": int(os.environ.get("ZHIFA_PROGRESS_LOOKUPS_PER_10_MINUTES", 30)),
    "COMPLAINT_MIN_SECONDS": 3,
    "COMPLAINT_CHALLENGE_MAX_AGE": 1800,
}

# E-mail (supervision warnings when ZHIFA_WARNING_EMAIL is on): the mail server from the environment.
EMAIL_HOST = os.environ.get("ZHIFA_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("ZHIFA_EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("ZHIFA_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("ZHIFA_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("ZHIFA_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("ZHIFA_EMAIL_FROM", "zhifa@localhost")

# Evidence uploads (zhifa.evidence): size limit of one file, folder of unfinished uploads (keep it on
# the blob store's file system so a finished upload is moved by a rename), idle hours before expiry.
EVIDENCE_MAX_UPLOAD = int(os.environ.get("ZHIFA_EVIDENCE_MAX_UPLOAD", 4 * 1024**3))
EVIDENCE_UPLOAD_DIR = os.environ.get("ZHIFA_EVIDENCE_UPLOAD_DIR") or None  # None: uploads/ beside BLOB_DIR
EVIDENCE_UPLOAD_EXPIRY_HOURS = int(os.environ.get("ZHIFA_EVIDENCE_UPLOAD_EXPIRY_HOURS", 24))
