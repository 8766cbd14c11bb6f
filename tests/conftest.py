"""Fixtures shared by every layer of the suite."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from designer.core import document, ir
from tests.support.pgdb import scratch_database

ROOT = Path(__file__).resolve().parent.parent
DEMO_SCHEMA = ROOT / "projects" / "demo" / "fitness.json"

# Property tests explore new examples on every local run; CI (.ci/run sets HYPOTHESIS_PROFILE=ci)
# runs a fixed set, so a red build is the change's doing and can be reproduced.
settings.register_profile("ci", derandomize=True, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture
def demo_schema() -> ir.Schema:
    """The demo project's fitness schema."""
    return document.loads(DEMO_SCHEMA.read_text("utf-8"))


@pytest.fixture
def scratch_db() -> Iterator[str]:
    """The URL of an empty PostgreSQL database, dropped after the test."""
    with scratch_database() as url:
        yield url
