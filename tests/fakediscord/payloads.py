"""Discord API objects as the real API sends them (the fields discord.py 2.7 reads)."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]

ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5
# What a plain member may do in a text channel: view, send, read history, use commands...
MEMBER_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 14) | (1 << 15) | (1 << 16) | (1 << 31)
BOT_PERMISSIONS = MEMBER_PERMISSIONS | (1 << 6) | (1 << 13)

_epoch = dt.datetime(2015, 1, 1, tzinfo=dt.UTC)
_counter = itertools.count(1)


def snowflake() -> int:
    """Unique, increasing ids shaped like Discord's (timestamp in the high bits)."""
    millis = int((dt.datetime.now(dt.UTC) - _epoch).total_seconds() * 1000)
    return (millis << 22) | (next(_counter) & 0x3FFFFF)


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


@dataclass(frozen=True)
class FakeUser:
    id: int
    name: str
    bot: bool = False
    roles: tuple[int, ...] = ()
    permissions: int = MEMBER_PERMISSIONS

    def user(self) -> JSON:
        return {"id": str(self.id), "username": self.name, "discriminator": "0",
                "global_name": self.name, "avatar": None, "bot": self.bot, "public_flags": 0}

    def member(self, *, with_user: bool = True, permissions: bool = False) -> JSON:
        data: JSON = {"roles": [str(r) for r in self.roles],
                      "joined_at": "2024-01-01T00:00:00+00:00", "deaf": False, "mute": False,
                      "flags": 0, "pending": False, "nick": None, "avatar": None,
                      "premium_since": None, "communication_disabled_until": None}
        if with_user:
            data["user"] = self.user()
        if permissions:
            data["permissions"] = str(self.permissions)
        return data


@dataclass
class FakeGuild:
    id: int
    name: str
    channel_ids: tuple[int, ...]
    members: list[FakeUser]
    roles: dict[int, str] = field(default_factory=dict)  # extra roles: id -> name
    bot_role_id: int | None = None  # the bot's managed integration role
    bot_user_id: int = 0
    locale: str = "fr"

    def channel(self, channel_id: int) -> JSON:
        return {"id": str(channel_id), "type": 0, "guild_id": str(self.id),
                "name": f"channel-{self.channel_ids.index(channel_id)}",
                "position": self.channel_ids.index(channel_id), "permission_overwrites": [],
                "nsfw": False, "parent_id": None, "topic": None, "last_message_id": None,
                "rate_limit_per_user": 0, "flags": 0}

    def role(self, role_id: int, name: str, permissions: int, position: int,
             managed: bool = False) -> JSON:
        return {"id": str(role_id), "name": name, "colors": {"primary_color": 0}, "hoist": False,
                "position": position, "permissions": str(permissions), "managed": managed,
                "mentionable": False, "flags": 0, "icon": None, "unicode_emoji": None}

    def create_event(self) -> JSON:
        """GUILD_CREATE: member_count equals the members sent, so no member request follows."""
        roles = [self.role(self.id, "@everyone", MEMBER_PERMISSIONS, 0)]
        roles += [self.role(rid, name, 0, n) for n, (rid, name) in enumerate(self.roles.items(), 1)]
        if self.bot_role_id is not None:
            roles.append(self.role(self.bot_role_id, "ArticleBot", BOT_PERMISSIONS,
                                   len(roles), managed=True)
                         | {"tags": {"bot_id": str(self.bot_user_id)}})
        return {
            "id": str(self.id), "name": self.name, "icon": None, "splash": None,
            "discovery_splash": None, "owner_id": str(self.members[0].id), "afk_channel_id": None,
            "afk_timeout": 300, "verification_level": 0, "default_message_notifications": 1,
            "explicit_content_filter": 0, "features": [], "mfa_level": 0, "system_channel_id": None,
            "system_channel_flags": 0, "rules_channel_id": None, "vanity_url_code": None,
            "description": None, "banner": None, "premium_tier": 0,
            "premium_subscription_count": 0, "preferred_locale": self.locale,
            "public_updates_channel_id": None, "nsfw_level": 0,
            "premium_progress_bar_enabled": False,
            "roles": roles, "emojis": [], "stickers": [], "unavailable": False, "large": False,
            "joined_at": "2024-01-01T00:00:00+00:00", "member_count": len(self.members),
            "members": [m.member() for m in self.members],
            "channels": [self.channel(c) for c in self.channel_ids],
            "threads": [], "presences": [], "voice_states": [], "stage_instances": [],
            "guild_scheduled_events": [], "soundboard_sounds": [],
        }


def message(*, channel_id: int, author: JSON, content: str = "", guild_id: int | None = None,
            member: JSON | None = None, embeds: list[JSON] | None = None,
            components: list[JSON] | None = None, flags: int = 0,
            mentions: list[JSON] | None = None,
            mention_everyone: bool = False, mention_roles: list[int] | None = None,
            reference: JSON | None = None, webhook_id: int | None = None,
            application_id: int | None = None, interaction_metadata: JSON | None = None,
            copy_reference: bool = True,
            type_: int | None = None) -> JSON:
    data: JSON = {
        "id": str(snowflake()), "channel_id": str(channel_id), "author": author,
        "content": content, "timestamp": now_iso(), "edited_timestamp": None, "tts": False,
        "mention_everyone": mention_everyone, "mentions": mentions or [],
        "mention_roles": [str(r) for r in mention_roles or ()], "attachments": [],
        "embeds": embeds or [], "components": components or [], "pinned": False,
        "type": type_ if type_ is not None else (19 if reference else 0), "flags": flags,
    }
    if guild_id is not None:
        data["guild_id"] = str(guild_id)
        if member is not None:
            data["member"] = member
    if reference is not None:
        data["message_reference"] = {"type": 0, "message_id": reference["id"],
                                     "channel_id": reference["channel_id"],
                                     **({"guild_id": str(guild_id)} if guild_id else {})}
        if copy_reference:  # Discord does; a minimal server may send the id alone
            data["referenced_message"] = reference
    if webhook_id is not None:
        data["webhook_id"] = str(webhook_id)
    if application_id is not None:
        data["application_id"] = str(application_id)
    if interaction_metadata is not None:
        data["interaction_metadata"] = interaction_metadata
    return data
