"""Where the state lives: in memory (default) or SQLite (``--db FILE``).

The backend keeps its working state in memory; a storage persists each acknowledged write
before the response is sent. :class:`SqliteStorage` uses WAL journaling and commits every
write, so an acknowledged write survives a ``kill -9`` of the server, and restores the whole
state (dataset, records, relations, jobs, id counters) on start.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from typing import TYPE_CHECKING, Any

try:  # orjson is optional: faster (de)serialisation when present
    import orjson

    def _dumps(v: Any) -> bytes:
        return orjson.dumps(v)

    _loads = orjson.loads
except ImportError:  # pragma: no cover

    def _dumps(v: Any) -> bytes:
        return json.dumps(v, separators=(",", ":")).encode()

    _loads = json.loads  # type: ignore[assignment]

if TYPE_CHECKING:
    from .models.base import BackendBase as Backend


class Storage:
    """Persistence interface; the in-memory default does nothing."""

    def load(self) -> dict[str, Any] | None:
        """A saved snapshot, or None when there is nothing saved."""
        return None

    def replace_all(self, backend: Backend, dataset: dict[str, Any]) -> None:
        """Replace everything saved with the backend's current state."""

    def save(
        self,
        backend: Backend,
        product: str,
        module: str,
        ids: list[str],
        relations: list[tuple[Any, ...]],
        jobs: bool,
    ) -> None:
        """Persist the given records / relation lists / jobs of one product."""

    def close(self) -> None:
        pass


class MemoryStorage(Storage):
    pass


SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    product TEXT NOT NULL, module TEXT NOT NULL, id TEXT NOT NULL, body BLOB NOT NULL,
    PRIMARY KEY (product, module, id));
CREATE TABLE IF NOT EXISTS relations (
    product TEXT NOT NULL, module TEXT NOT NULL, parent_id TEXT NOT NULL, related_list TEXT NOT NULL,
    body BLOB NOT NULL, PRIMARY KEY (product, module, parent_id, related_list));
"""


class SqliteStorage(Storage):
    def __init__(self, path: str) -> None:
        self.path = path
        self.lock = threading.Lock()
        self.conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        # NORMAL is durable against a killed process (the WAL is in the OS page cache);
        # only a power loss could lose the last commits.
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.executescript(SCHEMA)

    def load(self) -> dict[str, Any] | None:
        with self.lock:
            row = self.conn.execute("SELECT value FROM meta WHERE key='dataset'").fetchone()
            if row is None:
                return None
            meta = {k: _loads(v) for k, v in self.conn.execute("SELECT key, value FROM meta")}
            records = {
                (p, m, i): _loads(b)
                for p, m, i, b in self.conn.execute("SELECT product, module, id, body FROM records")
            }
            relations = {
                (p, m, pid, rl): _loads(b)
                for p, m, pid, rl, b in self.conn.execute(
                    "SELECT product, module, parent_id, related_list, body FROM relations"
                )
            }
        return {
            "dataset": meta["dataset"],
            "id_counters": meta.get("id_counters", {}),
            "jobs": meta.get("jobs", {}),
            "records": records,
            "relations": relations,
        }

    def replace_all(self, backend: Backend, dataset: dict[str, Any]) -> None:
        with self.lock:
            c = self.conn
            c.execute("BEGIN IMMEDIATE")
            try:
                c.execute("DELETE FROM meta")
                c.execute("DELETE FROM records")
                c.execute("DELETE FROM relations")
                c.execute("INSERT INTO meta VALUES ('dataset', ?)", (_dumps(dataset),))
                for product, st in backend.products.items():
                    c.executemany(
                        "INSERT INTO records VALUES (?,?,?,?)",
                        (
                            (product, module, rid, _dumps(rec))
                            for module, recs in st.records.items()
                            for rid, rec in recs.items()
                        ),
                    )
                    c.executemany(
                        "INSERT INTO relations VALUES (?,?,?,?,?)",
                        (
                            (product, m, pid, rl, _dumps(rows))
                            for (m, pid, rl), rows in st.relations.items()
                        ),
                    )
                self._save_meta(backend)
                c.execute("COMMIT")
            except BaseException:
                c.execute("ROLLBACK")
                raise

    def _save_meta(self, backend: Backend) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO meta VALUES ('id_counters', ?)",
            (_dumps(backend.id_counters()),),
        )
        jobs = {p: [j.to_dict() for j in st.jobs.values()] for p, st in backend.products.items()}
        self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('jobs', ?)", (_dumps(jobs),))

    def save(
        self,
        backend: Backend,
        product: str,
        module: str,
        ids: list[str],
        relations: list[tuple[Any, ...]],
        jobs: bool,
    ) -> None:
        st = backend.products[product]
        with self.lock:
            c = self.conn
            c.execute("BEGIN")
            try:
                if ids:
                    recs = st.records[module]
                    c.executemany(
                        "INSERT OR REPLACE INTO records VALUES (?,?,?,?)",
                        [(product, module, rid, _dumps(recs[rid])) for rid in ids if rid in recs],
                    )
                    # an id no longer in the module was deleted
                    c.executemany(
                        "DELETE FROM records WHERE product=? AND module=? AND id=?",
                        [(product, module, rid) for rid in ids if rid not in recs],
                    )
                for key in relations:
                    m, pid, rl = key
                    c.execute(
                        "INSERT OR REPLACE INTO relations VALUES (?,?,?,?,?)",
                        (product, m, pid, rl, _dumps(st.relations.get(key, {}))),
                    )
                self.conn.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('id_counters', ?)",
                    (_dumps(backend.id_counters()),),
                )
                if jobs:
                    self._save_meta(backend)
                c.execute("COMMIT")
            except BaseException:
                c.execute("ROLLBACK")
                raise

    def close(self) -> None:
        with self.lock:
            self.conn.close()
