"""`run`: the Discord bot when DISCORD_TOKEN is set; the terminal chat otherwise."""

from __future__ import annotations

import argparse
import sys

from bot.cli import chat
from bot.cli.common import StartupError, config_from, fail
from bot.config import TOKEN_ENV


def run(args: argparse.Namespace) -> int:
    try:
        config = config_from(args)
    except StartupError as exc:
        return fail(exc)
    token = config.token
    if token is None:
        sys.stderr.write(f"{TOKEN_ENV} is not set, so the bot will not join Discord: "
                         f"export {TOKEN_ENV}=<your bot token> and run again. "
                         "Starting the terminal chat instead.\n")
        args.article = None
        args.no_log = False
        return chat.run(args)
    from bot.frontends.discord.app import run_discord  # imports discord.py only here

    return run_discord(config, token, sync_global=args.sync_global)
