"""Test settings: the suite runs on PostgreSQL (see ``designer.localpg``), fast hashing.

``TEST_STORAGE=sqlite`` runs it on the embedded SQLite default instead (the smoke pass).
"""

from __future__ import annotations

import os

from designer.localpg import server_url, with_database
from designer.settings import *  # noqa: F403

SECRET_KEY = "test-only-not-secret-" + "x" * 40  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
# WhiteNoise warns (an error under pytest) when STATIC_ROOT is missing, as before a first collectstatic.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

if os.environ.get("TEST_STORAGE") == "sqlite":
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
else:
    _url = with_database(server_url(), "designer")
    import dj_database_url

    DATABASES = {"default": dj_database_url.parse(_url)}
    DATABASES["default"]["TEST"] = {"NAME": f"test_designer_{os.getpid()}"}
