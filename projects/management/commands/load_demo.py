"""``python manage.py load_demo``: create the demo user and project (safe to run again)."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand

from projects.demo import demo_load


class Command(BaseCommand):
    help = "Create the demo user and its demo project. The password comes from DEMO_PASSWORD, else a random one."

    def handle(self, *args: Any, **options: Any) -> None:
        login = demo_load(password=os.environ.get("DEMO_PASSWORD") or None)
        state = "created" if login.project_created else "already there"
        self.stdout.write(f"Demo project 'demo' {state}.")
        note = " (random: set DEMO_PASSWORD to choose one)" if login.password_generated else ""
        self.stdout.write(f"Sign in as {login.username} / {login.password}{note}")
