"""A fake Discord (REST + gateway on 127.0.0.1) to run the real discord.py client against."""

from tests.fakediscord.server import (
    ADMIN,
    ADMIN_ROLE,
    ALICE,
    BOB,
    BOT,
    BOT_ROLE,
    CHANNEL_ID,
    GUILD_ID,
    MODERATOR,
    OTHER_BOT,
    OTHER_CHANNEL_ID,
    FakeDiscord,
    FakeUser,
    Fault,
    Recorded,
    Reply,
    SentInteraction,
    custom_ids,
)

__all__ = ["ADMIN", "ADMIN_ROLE", "ALICE", "BOB", "BOT", "BOT_ROLE", "CHANNEL_ID", "GUILD_ID",
           "MODERATOR", "OTHER_BOT", "OTHER_CHANNEL_ID", "FakeDiscord", "FakeUser", "Fault",
           "Recorded", "Reply", "SentInteraction", "custom_ids"]
