"""Token authentication: create, list and revoke tokens (API and settings page); a revoked token stops working."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.web.api.conftest import Team


def _with_token(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


def test_a_new_token_works_and_is_stored_only_as_a_hash(team: Team) -> None:
    response = team.owner.post("/api/tokens", {"expires_in_days": 30}, format="json")
    assert response.status_code == 201
    secret = response.json()["token"]
    assert _with_token(secret).get(f"{team.base}/schema").status_code == 200
    stored = AuthToken.objects.get(token_key=response.json()["key"])
    assert secret not in (stored.digest, stored.token_key) and stored.digest != secret
    assert response.json()["expiry"] is not None


def test_a_revoked_token_stops_working(team: Team) -> None:
    created = team.owner.post("/api/tokens", {}, format="json").json()
    client = _with_token(created["token"])
    assert client.get("/api/projects").status_code == 200
    assert team.owner.delete(f"/api/tokens/{created['key']}").status_code == 204
    response = client.get("/api/projects")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["message"] == "Invalid token."


def test_an_expired_token_does_not_work(team: Team) -> None:
    created = team.owner.post("/api/tokens", {"expires_in_days": 1}, format="json").json()
    AuthToken.objects.filter(token_key=created["key"]).update(expiry=timezone.now() - timedelta(seconds=1))
    assert _with_token(created["token"]).get("/api/projects").status_code == 401


def test_list_shows_own_tokens_and_marks_the_current_one(team: Team) -> None:
    before = team.owner.get("/api/tokens").json()["count"]
    team.owner.post("/api/tokens", {"expires_in_days": None}, format="json")
    listed = team.owner.get("/api/tokens").json()
    assert listed["count"] == before + 1
    assert sum(t["current"] for t in listed["results"]) == 1
    assert any(t["expiry"] is None for t in listed["results"])
    assert "token" not in listed["results"][0]  # the secret is never shown again
    assert team.viewer.get("/api/tokens").json()["count"] == 1  # only your own


def test_someone_elses_token_cannot_be_revoked(team: Team) -> None:
    key = team.owner.get("/api/tokens").json()["results"][0]["key"]
    assert team.stranger.delete(f"/api/tokens/{key}").status_code == 404
    assert team.owner.get("/api/projects").status_code == 200


def test_a_script_gets_its_first_token_with_username_and_password(team: Team) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Basic " + base64.b64encode(b"olga:pw-olga").decode())
    response = client.post("/api/tokens", {"expires_in_days": 7}, format="json")
    assert response.status_code == 201
    assert _with_token(response.json()["token"]).get("/api/projects").json()["count"] == 1


@pytest.mark.parametrize("days", [0, 5000, "soon"])
def test_bad_lifetimes_are_refused(team: Team, days: object) -> None:
    response = team.owner.post("/api/tokens", {"expires_in_days": days}, format="json")
    assert response.status_code == 400
    assert response.json()["field"] == "expires_in_days"


def test_no_credentials_is_401(team: Team) -> None:
    response = team.anonymous.get("/api/projects")
    assert response.status_code == 401
    assert response.json() == {"message": "Authentication credentials were not provided.", "field": None, "path": ""}


# The settings page ----------------------------------------------------------------------------


@pytest.fixture
def browser(db: None) -> Client:
    client = Client()
    client.force_login(User.objects.create_user("paula", password="pw"))
    return client


def test_the_page_shows_a_new_token_once(browser: Client) -> None:
    response = browser.post("/accounts/tokens/", {"expires": "never"})
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret and secret in response.content.decode()
    assert _with_token(secret).get("/api/projects").status_code == 200
    again = browser.get("/accounts/tokens/").content.decode()
    assert secret not in again and secret[:15] in again  # listed by its key only


def test_the_page_revokes_a_token(browser: Client) -> None:
    secret = browser.post("/accounts/tokens/", {"expires": "30"}).context["secret"]
    key = AuthToken.objects.get().token_key
    response = browser.post(f"/accounts/tokens/{key}/revoke/", follow=True)
    assert "revoked" in response.content.decode()
    assert _with_token(secret).get("/api/projects").status_code == 401


def test_the_page_refuses_a_bad_lifetime_and_needs_a_login(browser: Client) -> None:
    assert browser.post("/accounts/tokens/", {"expires": "forever"}).status_code == 400
    assert Client().get("/accounts/tokens/").status_code == 302
