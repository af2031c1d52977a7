"""The question log: what people asked and what the bot did, for editors to learn from.

JSON lines, appended; rotated by size. It never stores a user name or id: front-ends pass an
opaque user key, stored only as a salted hash, so an editor can count repeat askers but
cannot tell who they are.

A question is logged up to the length the bot answers (`matching.max_question_chars`) and
marked `"truncated": true` when cut: a refused 1 MB question must not push the log's
history out through rotation.

Writing a record never raises: the log serves editors, and must never cost a user an answer.
Text that is not valid Unicode (bytes that were not UTF-8, half a UTF-16 pair) is written
with backslash escapes; a record that still cannot be written is skipped with a warning.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
import threading
import time
from pathlib import Path
from typing import Any, BinaryIO

from bot.answers import Answer
from bot.matching.matcher import MatchSettings

log = logging.getLogger(__name__)


class QuestionLog:
    def __init__(self, path: Path, *, max_bytes: int = 5_000_000, backups: int = 3,
                 salt: str | None = None,
                 max_question_chars: int = MatchSettings().max_question_chars) -> None:
        self.path = Path(path)
        self.max_bytes = max_bytes
        self.backups = backups
        self.max_question_chars = max_question_chars
        self._salt = salt.encode() if salt else None
        self._lock = threading.Lock()
        self._file: BinaryIO | None = None
        self._size = 0  # bytes in the current file: cheaper than asking the file each time
        self._failing = False  # said once, not once per question, until it can write again

    def _salt_bytes(self) -> bytes:
        """From $BOT_LOG_SALT, else a random salt kept beside the log (created once)."""
        if self._salt is None:
            salt_file = self.path.with_name(self.path.name + ".salt")
            try:
                if salt_file.is_file():
                    self._salt = salt_file.read_bytes().strip()
                else:
                    salt = secrets.token_hex(16).encode()
                    salt_file.parent.mkdir(parents=True, exist_ok=True)
                    fd = os.open(salt_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                    with os.fdopen(fd, "wb") as out:
                        out.write(salt)
                    self._salt = salt
            except OSError as exc:
                # the log cannot be written there either (see write); users' keys are still
                # hashed, with a salt that lives as long as the process
                log.warning("question log: cannot keep a salt at %s (%s); using one for this "
                            "run only", salt_file, exc.strerror or exc)
                self._salt = secrets.token_hex(16).encode()
        return self._salt

    def user_hash(self, user_key: str | int | None) -> str | None:
        if user_key is None:
            return None
        digest = hashlib.sha256(self._salt_bytes() + b"\0" + str(user_key).encode())
        return digest.hexdigest()[:16]

    def record_answer(self, answer: Answer, *, source: str, user: str | int | None = None,
                      article: str | None = None) -> None:
        self.write({
            "type": "question", "question": answer.question, "language": answer.language,
            "status": str(answer.status), "reason": answer.reason, "entry": answer.entry,
            "score": answer.score, "source": source, "article": article,
            "user": self.user_hash(user), "kb_version": answer.kb_version,
        })

    def record_feedback(self, *, question: str, entry: str | None, helpful: bool, source: str,
                        user: str | int | None = None, language: str | None = None) -> None:
        self.write({
            "type": "feedback", "question": question, "entry": entry, "helpful": helpful,
            "language": language, "source": source, "user": self.user_hash(user),
        })

    def write(self, record: dict[str, Any]) -> None:
        stamped = {"time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), **record}
        question = stamped.get("question")
        if isinstance(question, str) and len(question) > self.max_question_chars:
            stamped["question"] = question[: self.max_question_chars]
            stamped["truncated"] = True
        try:
            line = (json.dumps({k: _text(v) for k, v in stamped.items()}, ensure_ascii=False)
                    + "\n").encode()
        except (TypeError, ValueError):
            log.warning("question log: a %s record cannot be written; skipped",
                        record.get("type", "?"), exc_info=True)
            return
        with self._lock:
            try:
                if self._file is None:
                    self._open()
                if self._size and self._size + len(line) > self.max_bytes:
                    self._rotate()
                assert self._file is not None
                self._file.write(line)  # unbuffered: each record is in the file at once
                self._size += len(line)
            except OSError as exc:
                self._file = None  # opened again at the next record
                if not self._failing:
                    self._failing = True
                    log.warning("cannot write the question log %s (%s): questions are "
                                "answered but not logged until it can be written", self.path,
                                exc.strerror or exc)
                return
            if self._failing:
                self._failing = False
                log.warning("the question log %s is written again", self.path)

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file = self.path.open("ab", buffering=0)
        self._size = self._file.seek(0, os.SEEK_END)

    def flush(self) -> None:
        """Records are written unbuffered; kept for callers that want to say so."""
        with self._lock:
            if self._file:
                self._file.flush()

    def close(self) -> None:
        with self._lock:
            if self._file:
                self._file.close()
                self._file = None

    def _rotate(self) -> None:
        if self._file is not None:
            self._file.close()
        for n in range(self.backups - 1, 0, -1):
            older = self.path.with_name(f"{self.path.name}.{n}")
            if older.exists():
                older.replace(self.path.with_name(f"{self.path.name}.{n + 1}"))
        if self.backups > 0:
            self.path.replace(self.path.with_name(f"{self.path.name}.1"))
        else:
            self.path.unlink()
        self._file = self.path.open("ab", buffering=0)
        self._size = 0


def _text(value: Any) -> Any:
    """Strings as valid UTF-8: lone surrogates become visible escapes ("\\udcff").

    Escaped as text, not as JSON's \\u escapes, so the record reads back as valid text too."""
    if isinstance(value, str) and not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return value.encode("utf-8", "backslashreplace").decode("utf-8")
    return value
