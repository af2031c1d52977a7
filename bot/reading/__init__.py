"""The message reader: what a chat message asks, before the matcher compares it."""

from bot.reading.model import Ignored, Kind, Reading
from bot.reading.reader import read_message

__all__ = ["Ignored", "Kind", "Reading", "read_message"]
