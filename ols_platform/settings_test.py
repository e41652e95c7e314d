"""Test settings: the real settings, with fast hashing and plain static files. The database and Redis
come from DATABASE_URL / REDIS_URL as everywhere else (CI points them at PostgreSQL and Redis)."""

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests run tasks in-process unless a test starts a real worker (tests/ols_platform/test_celery_worker.py).
CELERY_TASK_ALWAYS_EAGER = True
MEDIA_ROOT = str(BASE_DIR / ".test-media")  # noqa: F405
ACCOUNT_RATE_LIMITS = {}
LANGUAGE_CODE = "fr"
# Each test clears the cache; a per-process cache keeps that from flushing the Redis database the broker uses.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
