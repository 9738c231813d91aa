"""The SQLite lease store: one file, Python's sqlite3, write-ahead logging, nothing to start
(docs/leases.md, "The store").

Each record is kept whole as JSON text (amounts stay the record's strings) beside the columns its
access paths need; ``is_current`` marks each lease's newest record, and partial indexes over the
current records serve ``by_account``, ``by_owner`` and ``over_budget`` the way DynamoDB's sparse
indexes do. A write is one transaction: all of it or nothing.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from ._record import LeaseRecord
from ._store import StoreError, cache_text, check_chargeback, check_claim, check_lease_status, check_next_collection, \
    check_requests, check_time, merge_lease, over_budget_order, split_event_id, validate_event, validate_lease, \
    validate_record

# 1: the first schema. 2: the query cache keeps when each answer was cached (cached_at), and
# query_claims holds the queries in flight and the batches whose records are not all written yet.
SCHEMA_VERSION = 2

SCHEMA = """
CREATE TABLE IF NOT EXISTS lease_records (
    lease_id TEXT NOT NULL,
    collected_at INTEGER NOT NULL,
    collection INTEGER NOT NULL,
    account_id TEXT NOT NULL,
    owner_id TEXT NOT NULL,
    is_current INTEGER NOT NULL,
    over_budget INTEGER,
    variance_percent TEXT,
    record TEXT NOT NULL,
    PRIMARY KEY (lease_id, collected_at),
    UNIQUE (lease_id, collection)
);
CREATE UNIQUE INDEX IF NOT EXISTS one_current_record ON lease_records (lease_id) WHERE is_current = 1;
CREATE INDEX IF NOT EXISTS costs_by_account ON lease_records (account_id, collected_at) WHERE is_current = 1;
CREATE INDEX IF NOT EXISTS costs_by_owner ON lease_records (owner_id, collected_at) WHERE is_current = 1;
CREATE INDEX IF NOT EXISTS over_budget_leases ON lease_records (lease_id) WHERE is_current = 1 AND over_budget = 1;
CREATE TABLE IF NOT EXISTS leases (
    lease_id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    lease TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS query_cache (
    key TEXT PRIMARY KEY,
    pages TEXT NOT NULL,
    cached_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS query_cache_at ON query_cache (cached_at);
CREATE TABLE IF NOT EXISTS query_claims (
    key TEXT PRIMARY KEY,
    claimed_at INTEGER NOT NULL,
    claim TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS request_log (
    at INTEGER NOT NULL,
    count INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS request_log_at ON request_log (at);
CREATE TABLE IF NOT EXISTS outbox (
    id TEXT PRIMARY KEY,
    lease_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    detail TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    sent_at INTEGER,
    UNIQUE (lease_id, kind, key)
);
"""


def _now() -> int:
    return int(_dt.datetime.now(_dt.timezone.utc).timestamp())


class SqliteStore:
    """The lease store in a SQLite file at ``path`` (created with its schema when missing; the schema
    version is SQLite's ``user_version``, and a file of a newer version is refused)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        # isolation_level=None: no implicit transactions; each write opens its own BEGIN IMMEDIATE.
        self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        try:
            self._open()
        except BaseException:
            self._db.close()  # a store that could not be opened keeps no connection
            raise

    def _open(self) -> None:
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        # One transaction: the version read, the upgrade, the schema and the new version together, so
        # that two processes opening an old file at once upgrade it once.
        with self._transaction():
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(f"{self.path}: lease store schema version {version} is newer than this "
                                 f"costmodel's ({SCHEMA_VERSION}); upgrade costmodel")
            if version == 1:
                # Answers cached before the upgrade have no time: 0, so they count as expired.
                self._db.execute("ALTER TABLE query_cache ADD COLUMN cached_at INTEGER NOT NULL DEFAULT 0")
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    self._db.execute(statement)
            self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    # --- set-up -------------------------------------------------------------------------------------

    def _transaction(self) -> "_Transaction":
        return _Transaction(self._db)

    def create_tables(self) -> list[str]:
        """The schema is created on open; says what the file holds."""
        return [f"SQLite file {self.path} (schema version {SCHEMA_VERSION}): tables lease_records, leases, "
                f"query_cache, query_claims, request_log, outbox"]

    def describe(self) -> str:
        return f"SQLite {self.path}"

    def close(self) -> None:
        """Closes the connection (again: nothing). A closed store's reads and writes raise
        sqlite3.ProgrammingError."""
        self._db.close()

    def __enter__(self) -> "SqliteStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SqliteStore({self.path!r})"

    # --- records ------------------------------------------------------------------------------------

    def put_collection(self, record: Mapping[str, Any], *, events: Iterable[Mapping[str, Any]] = ()) -> None:
        """Appends one collection of a lease, and its outbox events, in one transaction. Raises
        :class:`StoreError` (nothing written) when the collection or its collectedAt exists, when it
        is not the previous one + 1, or when one of the events exists."""
        checked = validate_record(record)
        outbox = [validate_event(event) for event in events]
        for event in outbox:
            if event["leaseId"] != checked["leaseId"]:
                raise StoreError(f"lease {checked['leaseId']}: event {event['id']} is another lease's")
        with self._transaction():
            previous = self._current(checked["leaseId"])
            if previous is not None and any(
                    row for row in self._db.execute(
                        "SELECT 1 FROM lease_records WHERE lease_id = ? AND (collected_at = ? OR collection = ?)",
                        (checked["leaseId"], checked["collectedAt"], checked["collection"]))):
                raise StoreError(f"lease {checked['leaseId']}: collection {checked['collection']} or collectedAt "
                                 f"{checked['collectedAt']} exists; nothing written")
            check_next_collection(checked, previous)
            self._db.execute("UPDATE lease_records SET is_current = 0 WHERE lease_id = ? AND is_current = 1",
                             (checked["leaseId"],))
            self._insert_record(checked)
            for event in outbox:
                self._insert_event(event)

    def _insert_record(self, record: LeaseRecord) -> None:
        self._db.execute(
            "INSERT INTO lease_records (lease_id, collected_at, collection, account_id, owner_id, is_current, "
            "over_budget, variance_percent, record) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)",
            (record["leaseId"], record["collectedAt"], record["collection"], record["accountId"], record["ownerId"],
             None if record["overBudget"] is None else int(record["overBudget"]), record["variancePercent"],
             json.dumps(record, sort_keys=True)))

    def _insert_event(self, event: Mapping[str, Any]) -> None:
        try:
            self._db.execute(
                "INSERT INTO outbox (id, lease_id, kind, key, detail, created_at, sent_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (event["id"], event["leaseId"], event["kind"], event["key"],
                 json.dumps(event["detail"], sort_keys=True), event["createdAt"], event["sentAt"]))
        except sqlite3.IntegrityError:
            raise StoreError(f"lease {event['leaseId']}: event {event['id']} exists; nothing written") from None

    def _current(self, lease_id: str) -> LeaseRecord | None:
        row = self._db.execute("SELECT record FROM lease_records WHERE lease_id = ? AND is_current = 1",
                               (lease_id,)).fetchone()
        return None if row is None else json.loads(row[0])

    def current(self, lease_id: str) -> LeaseRecord | None:
        return self._current(lease_id)

    def history(self, lease_id: str) -> list[LeaseRecord]:
        return [json.loads(row[0]) for row in self._db.execute(
            "SELECT record FROM lease_records WHERE lease_id = ? ORDER BY collected_at", (lease_id,))]

    def _current_where(self, column: str, value: str, newest_first: bool) -> list[LeaseRecord]:
        order = "DESC" if newest_first else "ASC"
        return [json.loads(row[0]) for row in self._db.execute(
            f"SELECT record FROM lease_records WHERE is_current = 1 AND {column} = ? "
            f"ORDER BY collected_at {order}, lease_id {order}", (value,))]

    def by_account(self, account_id: str, *, newest_first: bool = False) -> list[LeaseRecord]:
        return self._current_where("account_id", account_id, newest_first)

    def by_owner(self, owner_id: str, *, newest_first: bool = False) -> list[LeaseRecord]:
        return self._current_where("owner_id", owner_id, newest_first)

    def over_budget(self, limit: int | None = None) -> list[LeaseRecord]:
        # SQLite cannot order decimal text exactly; the over-budget current records are few, and are
        # ordered here by their exact Decimal value.
        rows = [json.loads(row[0]) for row in self._db.execute(
            "SELECT record FROM lease_records WHERE is_current = 1 AND over_budget = 1 "
            "AND variance_percent IS NOT NULL")]
        ordered = over_budget_order(rows)
        return ordered if limit is None else ordered[:limit]

    def current_records(self) -> Iterator[LeaseRecord]:
        for row in self._db.execute("SELECT record FROM lease_records WHERE is_current = 1 ORDER BY lease_id"):
            yield json.loads(row[0])

    def current_columns(self) -> Any:
        """The current records as :class:`costmodel.leases.LeaseColumns` (Arrow columns, amounts exact),
        for the portfolio analysis and the chargeback, in the portfolio's order (end date, collection
        time, lease id): SQLite picks the fields out of each record's JSON, pyarrow reads them; no dict
        is made per record. Needs pyarrow."""
        from ._analysis import COLUMN_KEYS, columns_from_json_lines

        fields = ", ".join(f"'{key}', " + ("json(json_type(record, '$.final'))" if key == "final" else
                                           f"json(json_extract(record, '$.{key}'))" if key == "topServices" else
                                           f"json_extract(record, '$.{key}')") for key in COLUMN_KEYS)
        # In the portfolio's order (end date, collection time, lease id in byte order, as SQLite's BINARY
        # collation compares), so that the analyses find the rows ordered and only check it.
        rows = self._db.execute(f"SELECT json_object({fields}) FROM lease_records WHERE is_current = 1 "
                                "ORDER BY json_extract(record, '$.endDate'), collected_at, lease_id")
        text = "\n".join(row[0] for row in rows)
        return columns_from_json_lines(text.encode("utf-8"), self.path, current=True)

    def mark_charged_back(self, lease_id: str, amount: str, date: int) -> bool:
        """Records the chargeback on the lease's current record. True when it changed the record, False
        when the same chargeback was already recorded; a different one already recorded, or no record,
        is a :class:`StoreError`."""
        amount, date = check_chargeback(amount, date)
        with self._transaction():
            record = self._current(lease_id)
            if record is None:
                raise StoreError(f"lease {lease_id}: no record to charge back")
            if record["chargebackGenerated"]:
                if (record["chargebackAmount"], record["chargebackDate"]) == (amount, date):
                    return False
                raise StoreError(f"lease {lease_id}: collection {record['collection']} was charged back "
                                 f"{record['chargebackAmount']} at {record['chargebackDate']}, not {amount} at {date}")
            record["chargebackGenerated"], record["chargebackAmount"], record["chargebackDate"] = True, amount, date
            self._db.execute("UPDATE lease_records SET record = ? WHERE lease_id = ? AND is_current = 1",
                             (json.dumps(record, sort_keys=True), lease_id))
            return True

    # --- leases -------------------------------------------------------------------------------------

    def put_lease(self, lease: Mapping[str, Any]) -> bool:
        """Merges a lease event's fields into the lease (see :func:`merge_lease`); True when anything
        changed."""
        new = validate_lease(lease)
        with self._transaction():
            old = self.get_lease(new["leaseId"])
            merged = merge_lease(old, new)
            if merged == old:
                return False
            self._db.execute("INSERT OR REPLACE INTO leases (lease_id, status, lease) VALUES (?, ?, ?)",
                             (merged["leaseId"], merged["status"], json.dumps(merged, sort_keys=True)))
            return True

    def get_lease(self, lease_id: str) -> dict[str, Any] | None:
        row = self._db.execute("SELECT lease FROM leases WHERE lease_id = ?", (lease_id,)).fetchone()
        return None if row is None else json.loads(row[0])

    def leases(self, status: str | None = None) -> list[dict[str, Any]]:
        if status is None:
            rows = self._db.execute("SELECT lease FROM leases ORDER BY lease_id")
        else:
            rows = self._db.execute("SELECT lease FROM leases WHERE status = ? ORDER BY lease_id",
                                    (check_lease_status(status),))
        return [json.loads(row[0]) for row in rows]

    def set_lease_status(self, lease_id: str, status: str) -> bool:
        status = check_lease_status(status)
        with self._transaction():
            lease = self.get_lease(lease_id)
            if lease is None:
                raise StoreError(f"lease {lease_id}: unknown lease")
            if lease["status"] == status:
                return False
            lease["status"] = status
            self._db.execute("UPDATE leases SET status = ?, lease = ? WHERE lease_id = ?",
                             (status, json.dumps(lease, sort_keys=True), lease_id))
            return True

    # --- query cache --------------------------------------------------------------------------------

    def cached_response(self, key: str, *, since: int | None = None) -> list[dict[str, Any]] | None:
        """The pages cached under ``key``, or None; None too when they were cached before ``since``
        (epoch seconds: an answer older than the cache's time to live)."""
        row = self._db.execute("SELECT pages, cached_at FROM query_cache WHERE key = ?", (key,)).fetchone()
        if row is None or (since is not None and int(row[1]) < check_time(since, "since")):
            return None
        return json.loads(row[0])

    def cache_response(self, key: str, pages: Sequence[Mapping[str, Any]], *, at: int | None = None) -> None:
        """Keeps the pages under ``key``, cached at ``at`` (epoch seconds; default the clock)."""
        text = cache_text(pages)
        when = _now() if at is None else check_time(at, "at")
        with self._transaction():
            self._db.execute("INSERT OR REPLACE INTO query_cache (key, pages, cached_at) VALUES (?, ?, ?)",
                             (key, text, when))

    # --- query claims -------------------------------------------------------------------------------

    def claim_query(self, key: str, claim: Mapping[str, Any], *, at: int, stale_after: int) -> bool:
        """Marks the query ``key`` in flight with ``claim`` (what the batch holds). True for the one
        caller that did it; False while another claim of it is younger than ``stale_after`` seconds
        (an older one is taken over: its run is gone)."""
        text = check_claim(key, claim)
        at, stale_after = check_time(at, "at"), check_time(stale_after, "stale_after")
        with self._transaction():
            cursor = self._db.execute(
                "INSERT INTO query_claims (key, claimed_at, claim) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE "
                "SET claimed_at = excluded.claimed_at, claim = excluded.claim WHERE query_claims.claimed_at <= ?",
                (key, at, text, at - stale_after))
            return cursor.rowcount == 1

    def release_query(self, key: str) -> None:
        """Forgets the claim of ``key`` (none: nothing)."""
        with self._transaction():
            self._db.execute("DELETE FROM query_claims WHERE key = ?", (key,))

    def query_claims(self) -> list[dict[str, Any]]:
        """Every claim: ``{key, claimedAt, claim}``, oldest first."""
        return [{"key": row[0], "claimedAt": int(row[1]), "claim": json.loads(row[2])} for row in self._db.execute(
            "SELECT key, claimed_at, claim FROM query_claims ORDER BY claimed_at, key")]

    def purge(self, before: int) -> int:
        """Deletes the cached answers, request-log entries and query claims older than ``before``
        (epoch seconds); returns how many."""
        before = check_time(before, "before")
        with self._transaction():
            return sum(self._db.execute(sql, (before,)).rowcount for sql in (
                "DELETE FROM query_cache WHERE cached_at < ?", "DELETE FROM request_log WHERE at < ?",
                "DELETE FROM query_claims WHERE claimed_at < ?"))

    # --- request log --------------------------------------------------------------------------------

    def record_requests(self, at: int, count: int) -> None:
        at, count = check_requests(at, count)
        with self._transaction():
            self._db.execute("INSERT INTO request_log (at, count) VALUES (?, ?)", (int(at), int(count)))

    def requests_since(self, at: int) -> int:
        at, _ = check_requests(at, 0)
        return int(self._db.execute("SELECT COALESCE(SUM(count), 0) FROM request_log WHERE at >= ?",
                                    (int(at),)).fetchone()[0])

    # --- outbox -------------------------------------------------------------------------------------

    def events(self, lease_id: str | None = None, pending: bool | None = None) -> list[dict[str, Any]]:
        where, params = [], []
        if lease_id is not None:
            where.append("lease_id = ?")
            params.append(lease_id)
        if pending is not None:
            where.append("sent_at IS NULL" if pending else "sent_at IS NOT NULL")
        sql = "SELECT id, lease_id, kind, key, detail, created_at, sent_at FROM outbox"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return [{"id": r[0], "leaseId": r[1], "kind": r[2], "key": r[3], "detail": json.loads(r[4]),
                 "createdAt": r[5], "sentAt": r[6]}
                for r in self._db.execute(sql + " ORDER BY created_at, id", params)]

    def add_event(self, event: Mapping[str, Any]) -> bool:
        checked = validate_event(event)
        with self._transaction():
            cursor = self._db.execute(
                "INSERT OR IGNORE INTO outbox (id, lease_id, kind, key, detail, created_at, sent_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (checked["id"], checked["leaseId"], checked["kind"], checked["key"],
                 json.dumps(checked["detail"], sort_keys=True), checked["createdAt"], checked["sentAt"]))
            return cursor.rowcount == 1

    def claim_event(self, event_id: str, *, at: int | None = None) -> bool:
        """Marks a pending event sent; True for the one caller that did it, False when it was sent
        already (or is unknown)."""
        split_event_id(event_id)
        with self._transaction():
            cursor = self._db.execute("UPDATE outbox SET sent_at = ? WHERE id = ? AND sent_at IS NULL",
                                      (_now() if at is None else int(at), event_id))
            return cursor.rowcount == 1


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception (so a failure half-way leaves nothing)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self._outer = False

    def __enter__(self) -> None:
        if self._db.in_transaction:
            self._outer = True  # nested: the outer transaction decides
            return
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if self._outer:
            return
        if kind is None:
            self._db.execute("COMMIT")
        else:
            self._db.execute("ROLLBACK")
