"""API tokens and browser sessions, stored hashed in SQLite (WAL, synchronous=FULL).

Tokens are 256-bit random strings shown once; only their SHA-256 is stored (a fast hash is
right for high-entropy secrets: there is nothing to brute-force). Roles are ordered
``viewer < editor < admin``. ``GRAPHKIT_ADMIN_TOKEN`` is an admin that lives only in the
environment (it is never written to the database).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from graphkit.files import private_files, restrict_to_owner
from graphkit.settings import Settings

ROLES = ("viewer", "editor", "admin")
RANK = {role: i for i, role in enumerate(ROLES)}
TOKEN_PREFIX = "gk_"
SESSION_SECONDS = 12 * 3600
ENV_ADMIN_ID = "env-admin"


@dataclass(frozen=True)
class Principal:
    """Who is calling: a token (or the environment's admin) and its role."""

    id: str
    name: str
    role: str

    def can(self, role: str) -> bool:
        return RANK[self.role] >= RANK[role]


@dataclass(frozen=True)
class TokenInfo:
    id: str
    name: str
    role: str
    created_at: float
    revoked_at: float | None = None


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def tokens_path(settings: Settings) -> Path:
    """Where tokens live: ``settings.tokens_path``, else beside a file store."""
    if settings.tokens_path:
        return Path(settings.tokens_path)
    if "://" in settings.store:
        return Path("graphkit.tokens.sqlite")
    return Path(f"{settings.store}.tokens.sqlite")


_SCHEMA = """
CREATE TABLE IF NOT EXISTS tokens (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    created_at REAL NOT NULL,
    revoked_at REAL
);
CREATE TABLE IF NOT EXISTS sessions (
    hash TEXT PRIMARY KEY,
    token_id TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    expires_at REAL NOT NULL
);
"""


class TokenStore:
    """Hashed tokens and sessions in one SQLite file; safe to share between threads."""

    def __init__(self, path: str | Path, admin_token: str | None = None) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._admin_hash = _hash(admin_token) if admin_token else None
        self._lock = threading.Lock()
        with private_files():  # the database and its -wal/-shm files: owner only
            self._db = sqlite3.connect(
                str(self.path), check_same_thread=False, isolation_level=None
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(_SCHEMA)
        restrict_to_owner(self.path)

    @property
    def _admin_id(self) -> str:
        """The environment admin's principal id, naming *which* token it was.

        A session made with one ``GRAPHKIT_ADMIN_TOKEN`` must end when the operator
        rotates it; the id carries a fingerprint of the token's hash, so a session made
        with the old token no longer matches.
        """
        return f"{ENV_ADMIN_ID}:{(self._admin_hash or '')[:16]}"

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- tokens
    def create(self, role: str, name: str) -> tuple[TokenInfo, str]:
        if role not in RANK:
            raise ValueError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        info = TokenInfo(
            id=secrets.token_hex(8), name=name or role, role=role, created_at=time.time()
        )
        with self._lock:
            self._db.execute(
                "INSERT INTO tokens (id, name, role, hash, created_at) VALUES (?, ?, ?, ?, ?)",
                (info.id, info.name, info.role, _hash(secret), info.created_at),
            )
        return info, secret

    def list(self) -> list[TokenInfo]:
        with self._lock:
            rows = self._db.execute(
                "SELECT id, name, role, created_at, revoked_at FROM tokens ORDER BY created_at"
            ).fetchall()
        return [TokenInfo(*row) for row in rows]

    def revoke(self, token_id: str) -> bool:
        with self._lock:
            cur = self._db.execute(
                "UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                (time.time(), token_id),
            )
            self._db.execute("DELETE FROM sessions WHERE token_id = ?", (token_id,))
            if cur.rowcount:
                return True
            return (
                self._db.execute("SELECT 1 FROM tokens WHERE id = ?", (token_id,)).fetchone()
                is not None
            )

    def verify(self, secret: str | None) -> Principal | None:
        """The principal a bearer token stands for, or None."""
        if not secret or len(secret) > 512:
            return None
        digest = _hash(secret)
        if self._admin_hash and hmac.compare_digest(digest, self._admin_hash):
            return Principal(self._admin_id, "GRAPHKIT_ADMIN_TOKEN", "admin")
        with self._lock:
            row = self._db.execute(
                "SELECT id, name, role FROM tokens WHERE hash = ? AND revoked_at IS NULL", (digest,)
            ).fetchone()
        return Principal(*row) if row else None

    # -- browser sessions (cookie holds a random id; only its hash is stored)
    def open_session(self, principal: Principal) -> str:
        sid = secrets.token_urlsafe(32)
        with self._lock:
            now = time.time()
            self._db.execute("DELETE FROM sessions WHERE expires_at < ?", (now,))
            self._db.execute(
                "INSERT INTO sessions (hash, token_id, name, role, expires_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (_hash(sid), principal.id, principal.name, principal.role, now + SESSION_SECONDS),
            )
        return sid

    def session(self, sid: str | None) -> Principal | None:
        """The principal of a live session: its token still valid (not revoked; for the
        environment's admin, still the token the operator set)."""
        if not sid or len(sid) > 512:
            return None
        current_admin = self._admin_id if self._admin_hash else None
        with self._lock:
            row = self._db.execute(
                "SELECT s.token_id, s.name, s.role FROM sessions s "
                "LEFT JOIN tokens t ON t.id = s.token_id "
                "WHERE s.hash = ? AND s.expires_at > ? "
                "AND (s.token_id = ? OR (t.id IS NOT NULL AND t.revoked_at IS NULL))",
                (_hash(sid), time.time(), current_admin),
            ).fetchone()
        return Principal(*row) if row else None

    def close_session(self, sid: str | None) -> None:
        if sid:
            with self._lock:
                self._db.execute("DELETE FROM sessions WHERE hash = ?", (_hash(sid),))


def create_token(settings: Settings, role: str, name: str = "") -> str:
    """Make a token with ``role`` (for ``graphkit token create``); returns the secret once."""
    store = TokenStore(tokens_path(settings))
    try:
        _, secret = store.create(role, name or role)
    finally:
        store.close()
    return secret
