"""The demo project: the fitness domain of the seeds, owned by the user ``demo``.

``make run`` loads it so that a new user sees a real schema at once. Loading again is safe:
the user's password is reset to the given one and an existing project is left as it is.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from designer.core import document
from projects.models import Project
from projects.services import project_create

DEMO_SCHEMA = Path(__file__).resolve().parent / "demo" / "fitness.json"
DEMO_SLUG = "demo"
DEMO_USERNAME = "demo"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    password_generated: bool
    project_created: bool


@transaction.atomic
def demo_load(*, password: str | None = None) -> DemoLogin:
    """Create (or refresh) the demo user and project; return the login to print."""
    generated = not password
    password = password or secrets.token_urlsafe(12)
    user_model = get_user_model()
    user, _ = user_model.objects.get_or_create(username=DEMO_USERNAME, defaults={"email": "demo@example.com"})
    user.set_password(password)
    user.save()
    created = False
    if not Project.objects.filter(slug=DEMO_SLUG).exists():
        schema = document.loads(DEMO_SCHEMA.read_text("utf-8"))
        project_create(owner=user, name="Fitness demo", slug=DEMO_SLUG, schema=schema,
                       description="A fitness app's database: users, exercises, programs, workouts and sessions.",
                       summary="Loaded the demo schema")
        created = True
    return DemoLogin(DEMO_USERNAME, password, generated, created)
