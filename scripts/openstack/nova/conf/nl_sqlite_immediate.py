"""Make every oslo.db SQLite transaction start with BEGIN IMMEDIATE (loopback test cloud only).

oslo.db starts SQLite transactions with a plain (deferred) BEGIN. Nova's services are separate
processes sharing one SQLite file; a transaction that reads first and writes later (e.g.
Instance.save: SELECT ... then UPDATE) cannot upgrade its read snapshot once another process has
committed in between, and SQLite answers "database is locked" at once (SQLITE_BUSY, no busy
timeout). BEGIN IMMEDIATE takes the write lock up front, so concurrent transactions wait
(sqlite timeout=30 in the URL) instead of failing. Readers still proceed in WAL mode.

Import it before the service creates its engines (the nova-up.sh wrappers do). It registers a
class-level Engine "begin" listener that runs before oslo.db's per-engine one and sets the
same 'in_transaction' marker, so oslo.db skips its own BEGIN.
"""
import sqlalchemy
from sqlalchemy.engine import Engine


@sqlalchemy.event.listens_for(Engine, "begin")
def _sqlite_begin_immediate(conn):
    if conn.dialect.name == "sqlite" and "in_transaction" not in conn.info:
        conn.execute(sqlalchemy.text("BEGIN IMMEDIATE"))
        conn.info["in_transaction"] = True
