"""The Discord front-end: renders the answering core's results with discord.py.

Nothing in the core imports this package; `python -m bot run` loads it only when
DISCORD_TOKEN is set (see `app.run_discord`).
"""
