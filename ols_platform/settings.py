"""One settings module, read from environment variables.

Development defaults are safe: DEBUG is off unless asked for, the database is a local SQLite file and,
without REDIS_URL, Celery runs tasks eagerly in-process so `make run` works on a bare machine.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# The development key is only ever used when SECRET_KEY is unset; `check --deploy` flags it.
SECRET_KEY = env("SECRET_KEY", default="django-insecure-development-only-key-change-me-0123456789")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "ols_platform.admin_apps.OlsAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "guardian",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "ols_platform",
    "consortia",
    "budget",
    "governance",
    "mandates",
    "review",
    "reporting",
    "aviq",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "ols_platform.middleware.RequireMfaForStaffMiddleware",
]

ROOT_URLCONF = "ols_platform.urls"

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
            ],
            "builtins": ["ols_platform.templatetags.ols"],
        },
    },
]

WSGI_APPLICATION = "ols_platform.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections: opening a PostgreSQL connection per request costs more than most of our pages. A
# connection is kept up to CONN_MAX_AGE seconds and checked before it is reused (a restarted database is noticed).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "consortia.User"
# A refused CSRF check gets the platform's page, in French (ols_platform/error_pages.py).
CSRF_FAILURE_VIEW = "ols_platform.error_pages.csrf_failure"
AUTHENTICATION_BACKENDS = [
    # Django's ModelBackend, the session's user read from the cache (ols_platform/auth_backends.py).
    "ols_platform.auth_backends.CachedUserBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = env.list(
    "PASSWORD_HASHERS",
    default=[
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    ],
)

# --- allauth: email login, no open sign-up, TOTP for AVIQ staff and admins -------------------------
ACCOUNT_ADAPTER = "consortia.adapters.InvitationOnlyAccountAdapter"
ACCOUNT_FORMS = {"reset_password_from_key": "consortia.adapters.SetPasswordFromLinkForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# Failed logins: 10 a minute per client address; 5 per 5 minutes per account *from one address* (the adapter
# keys them on account + address, so someone guessing from elsewhere cannot lock the owner out); and a generous
# 50 per 15 minutes per account from anywhere, which caps spread-out guessing without a long lock-out.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key", "login_failed_account": "50/15m/key"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[OLS] "
MFA_ADAPTER = "consortia.adapters.OlsMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Plateforme OLS"
# The client address behind our reverse proxies (X-Forwarded-For, read by `ols_platform.audit.client_ip`):
# 0 when clients reach the app directly (development), 1 behind the one proxy of docker-compose.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"

# guardian: no anonymous user row; object permissions only.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

# --- i18n: French by default, English available ------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["ols_platform.formats"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

# --- static and media ---------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))
# Uploaded documents are private (served only by access-checked views); unset → `<MEDIA_ROOT>-private`.
if env("PRIVATE_MEDIA_ROOT", default=""):
    PRIVATE_MEDIA_ROOT = env("PRIVATE_MEDIA_ROOT")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env("STATICFILES_BACKEND", default="whitenoise.storage.CompressedManifestStaticFilesStorage")
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- email: console in development ------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Plateforme OLS <noreply@ols.example>")
# Base of links in e-mails (ols_platform.site_links): unset in development, links follow the request's host.
SITE_URL = env("SITE_URL", default="")

# --- Celery: Redis when REDIS_URL is set, eager in-process otherwise ---------------------------------
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_MAX_TASKS_PER_CHILD = 50
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Publishing a task (ols_platform/outbox.py) must never hang a web request when Redis is down.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "socket_timeout": 3,
    "socket_connect_timeout": 3,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5}
# Tasks are sent through the outbox (ols_platform/outbox.py): rows left pending while Redis was down go out here.
CELERY_BEAT_SCHEDULE = {
    "outbox-flush": {"task": "ols_platform.tasks.outbox_flush", "schedule": 60.0},
    # Governance: votes whose window has ended are closed (their decision recorded); seats that have not voted
    # hear of it 48 h before the close (governance/tasks.py).
    "governance-close-due-proposals": {"task": "governance.tasks.close_due_proposals", "schedule": 300.0},
    "governance-remind-closing-proposals": {"task": "governance.tasks.remind_closing_proposals", "schedule": 900.0},
    # Adopted mandates past their end date become expired, once a day, early in the morning.
    "mandates-expire": {"task": "mandates.tasks.expire_mandates", "schedule": crontab(hour=2, minute=15)},
    # Generated documents whose message was lost or whose worker died are sent again (reporting/services/documents.py).
    "reporting-sweep-documents": {"task": "reporting.tasks.sweep_documents", "schedule": 60.0},
}

# Redis down must not take the site down: the cache answers from process memory meanwhile (ols_platform/cache.py),
# and short socket timeouts keep a request from hanging on an unreachable Redis.
CACHES = (
    {
        "default": {
            "BACKEND": "ols_platform.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    }
    if REDIS_URL
    else {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
)

# Sessions are read on every page: from Redis when there is one (written through to the database, which stays the
# reference), from the database alone otherwise (a per-process memory cache would keep a logged-out session alive
# in the other processes).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"

# --- API -----------------------------------------------------------------------------------------------
# API tokens expire this many days after they are made (ols_platform.tokens).
API_TOKEN_TTL_DAYS = env.int("API_TOKEN_TTL_DAYS", default=90)
REST_FRAMEWORK = {
    # Token first: DRF answers anonymous calls with the first class's WWW-Authenticate header (401, not 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "ols_platform.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "ols_platform.pagination.PageNumbers",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": True,
    "EXCEPTION_HANDLER": "ols_platform.api.exception_handler",
    # DRF's JSON parser, refusing bodies nested too deep (a RecursionError otherwise: a 500).
    "DEFAULT_PARSER_CLASSES": [
        "ols_platform.api.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Per user (any authenticated caller) and per client address (anonymous callers); 429 with the wait in French.
    "DEFAULT_THROTTLE_CLASSES": ["ols_platform.api.UserThrottle", "ols_platform.api.AnonThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "user": env("API_THROTTLE_USER", default="2000/hour"),
        "anon": env("API_THROTTLE_ANON", default="60/minute"),
    },
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Plateforme OLS API",
    "DESCRIPTION": "API JSON de la plateforme des consortia OLS (AVIQ).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Error answers (400/401/403/404/409/429) and `version` required on the updates that need it.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "ols_platform.api_schema.document_errors",
    ],
    # Choice sets that share a field name get explicit component names (else spectacular warns).
    "ENUM_NAME_OVERRIDES": {
        "MembershipRoleEnum": "consortia.models.Membership.Role",
        "ConsortiumRoleEnum": "consortia.models.ConsortiumRole.Role",
        "DecisionMethodEnum": "governance.api.decision_method_values",
        "MandateKindEnum": "mandates.models.MandateKind",
        "MandateStatusEnum": "mandates.models.Mandate.Status",
        "DecisionDomainEnum": "governance.models.DecisionDomain",
        "MandateReviewStatusEnum": "mandates.models.MandateReviewStatus",
        "SupportRequestStatusEnum": "aviq.models.SupportRequest.Status",
    },
}

# --- security headers ----------------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=False)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# One handler, on the root: Django's own `django` logger gets none (with DEBUG its console handler printed every
# line twice); a refused request (4xx) is one line, without the traceback Django attaches (ols_platform/log.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "filters": {"client_errors": {"()": "ols_platform.log.ClientErrorsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "line"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.request": {"filters": ["client_errors"], "propagate": True},
        # WeasyPrint logs each step of each render at INFO, and every unknown CSS property at WARNING.
        "weasyprint": {"level": "ERROR"},
        "weasyprint.progress": {"level": "WARNING"},
    },
}

# Rule-set seeds and the demo password live in code, never secrets: the demo password is for `make run` only.
DEMO_PASSWORD = env("DEMO_PASSWORD", default="demo-ols-2026")
