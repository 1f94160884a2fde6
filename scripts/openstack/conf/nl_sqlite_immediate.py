"""Make every oslo.db SQLite transaction start with BEGIN IMMEDIATE (loopback test cloud only).

oslo.db starts SQLite transactions with a plain (deferred) BEGIN. Nova's services are separate
processes sharing one SQLite file, and glance-api's uwsgi workers and threads (requests beside the
import tasks) share another; a transaction that reads first and writes later (e.g. Instance.save,
or Glance's image update: SELECT ... then UPDATE) cannot upgrade its read snapshot once another
connection has committed in between, and SQLite answers "database is locked" at once
(SQLITE_BUSY_SNAPSHOT, no busy timeout). In Glance that 500 can leave an upload's image in
"saving" for good. BEGIN IMMEDIATE takes the write lock up front, so concurrent transactions wait
(the sqlite timeout in the URL) instead of failing. Read-only transactions take it too and so run
one at a time: the price, on a test cloud, of never failing.

Import it before the service creates its engines (the nova-up.sh wrappers and up.sh's
glance-api-wsgi.py do). It registers a class-level Engine "begin" listener that runs before
oslo.db's per-engine one and sets the same 'in_transaction' marker, so oslo.db skips its BEGIN.
"""
import sqlalchemy
from sqlalchemy.engine import Engine


@sqlalchemy.event.listens_for(Engine, "begin")
def _sqlite_begin_immediate(conn):
    if conn.dialect.name == "sqlite" and "in_transaction" not in conn.info:
        conn.execute(sqlalchemy.text("BEGIN IMMEDIATE"))
        conn.info["in_transaction"] = True
