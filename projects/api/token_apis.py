"""API tokens for scripts: create one (shown once), list yours, revoke one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from knox.auth import TokenAuthentication
from knox.models import AuthToken
from rest_framework import serializers, status
from rest_framework.authentication import BasicAuthentication, SessionAuthentication
from rest_framework.request import Request
from rest_framework.response import Response

from projects.api.base import Api, ListApi, errors
from projects.api.serializers import Serializer
from projects.tokens import MAX_DAYS, token_create, token_list, token_revoke


class TokenSerializer(Serializer):
    key = serializers.CharField(help_text="The token's first characters: how it is named and revoked.")
    created = serializers.DateTimeField()
    expiry = serializers.DateTimeField(allow_null=True, help_text="null: it never expires.")
    current = serializers.BooleanField(help_text="True for the token that authenticated this request.")


def token_data(token: AuthToken, current: Any = None) -> dict[str, Any]:
    return {"key": token.token_key, "created": token.created, "expiry": token.expiry,
            "current": current is not None and getattr(current, "pk", None) == token.pk}


class TokenListApi(ListApi):
    """Your API tokens, or a new one.

    Creating one also accepts HTTP Basic authentication (username and password), so a script
    can get its first token without a browser.
    """

    api_tag = "tokens"
    authentication_classes = [TokenAuthentication, SessionAuthentication, BasicAuthentication]

    class InputSerializer(Serializer):
        expires_in_days = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_DAYS,
                                                   default=90, help_text="null: never expires.")

    class OutputSerializer(TokenSerializer):
        token = serializers.CharField(help_text="The secret: send it as 'Authorization: Token <token>'. It is shown "
                                                "only now; only its hash is stored.")

    @extend_schema(summary="List your tokens", responses={200: TokenSerializer(many=True), **errors()})
    def get(self, request: Request) -> Response:
        def serialize(page: Sequence[AuthToken]) -> list[Any]:
            return [token_data(t, request.auth) for t in page]

        return self.paginate(token_list(user=self.user()), serialize)

    @extend_schema(summary="Create a token", request=InputSerializer,
                   responses={201: OutputSerializer, **errors(400)})
    def post(self, request: Request) -> Response:
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        new = token_create(user=self.user(), expires_in_days=given.validated_data["expires_in_days"])
        return Response({**token_data(new.token), "token": new.secret}, status=status.HTTP_201_CREATED)


class TokenDetailApi(Api):
    """Revoke one of your tokens: it stops working at once."""

    api_tag = "tokens"

    @extend_schema(summary="Revoke a token", responses={204: None, **errors(404)})
    def delete(self, request: Request, key: str) -> Response:
        if not token_revoke(user=self.user(), key=key):
            raise Http404(f"You have no token {key!r}.")
        return Response(status=status.HTTP_204_NO_CONTENT)
