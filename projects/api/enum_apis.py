"""Schema-level named pieces: enums and groups (subject areas)."""

from __future__ import annotations

from projects.api.item_apis import Enums, Groups, ItemDetailApi, ItemListApi
from projects.api.serializers import ENUM, GROUP, EnumSerializer, GroupSerializer

ENUMS = Enums(ENUM, EnumSerializer)
GROUPS = Groups(GROUP, GroupSerializer)


class EnumListApi(ItemListApi):
    """The enums (named by path: ``status``, or ``billing.status`` outside ``public``)."""

    api_tag = "enums"
    collection = ENUMS


class EnumDetailApi(ItemDetailApi):
    """One enum; renaming it updates the columns that use it, and a value still used as a default stays."""

    api_tag = "enums"
    collection = ENUMS


class GroupListApi(ItemListApi):
    """Subject areas: tables drawn together in one cluster of the diagram."""

    api_tag = "groups"
    collection = GROUPS


class GroupDetailApi(ItemDetailApi):
    """One group; renaming it moves its tables along, deleting it leaves them ungrouped."""

    api_tag = "groups"
    collection = GROUPS
