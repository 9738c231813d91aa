"""The DynamoDB lease store (``pip install 'costmodel[aws]'``; boto3 is imported only here): the
seed's ``CostReports`` table with its three indexes, and a ``CostReportsState`` table for the
collector's state (docs/leases.md, "The store").

``CostReports``: partition key ``leaseId`` (S), sort key ``collectedAt`` (N); one item per collection.
Amounts are numbers (N: exact decimals; they are read back into the record's two-digit strings),
lists and objects are L and M, a null is an absent attribute. Only a lease's current (newest) item
carries the index attributes ``indexAccountId``, ``indexOwnerId`` and, when it is over budget with a
percentage, ``overBudgetIndex = "OVER"``; a new collection removes them from the item it supersedes in
the same transaction. So the global secondary indexes are sparse and hold one item per lease:

- ``CostsByAccount``: ``indexAccountId`` / ``collectedAt``
- ``CostsByOwner``: ``indexOwnerId`` / ``collectedAt``
- ``OverBudgetLeases``: ``overBudgetIndex`` / ``variancePercent`` (N), read in descending order. A
  key attribute must be S, N or B, never BOOL, so the seed's ``overBudget`` cannot be the key: the
  constant string marks the over-budget items instead.

``CostReportsState`` (``pk`` S / ``sk`` S) holds, per lease (``pk = LEASE#<leaseId>``), the lease
(``sk = LEASE``), its collection counter (``sk = COLLECTION``) and its outbox events
(``sk = EVENT#<kind>#<key>``); the query cache (``pk = CACHE#<sha256 of the key>``, ``sk = PART#nnnn``)
the request log (``pk = REQUESTS``, ``sk = <at>#<uuid>``), the list of cached answers by time
(``pk = CACHED``, ``sk = <cachedAt>#<sha256>``, for the time to live) and the query claims
(``pk = QUERIES``, ``sk = <sha256 of the key>``).
"""

from __future__ import annotations

import datetime as _dt
import decimal
import hashlib
import json
import re
import uuid
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from .. import _core
from ._record import RECORD_KEYS, LeaseRecord
from ._store import AMOUNT_KEYS, INTEGER_KEYS, LIST_KEYS, StoreError, cache_text, check_chargeback, check_claim, \
    check_lease_status, check_next_collection, check_requests, check_time, merge_lease, over_budget_order, \
    split_event_id, validate_event, validate_lease, validate_record

BY_ACCOUNT = "CostsByAccount"
BY_OWNER = "CostsByOwner"
OVER_BUDGET = "OverBudgetLeases"
OVER = "OVER"
INDEX_ATTRIBUTES = ("indexAccountId", "indexOwnerId", "overBudgetIndex")
# An item may hold 400 KB; a cached response longer than this is compressed (zlib) and, if still too
# long, split into parts of this size, all written in one transaction.
CACHE_PART_BYTES = 350_000
CACHE_MAX_PARTS = 10
# The partitions of the state table that list what the time to live purges, and the query claims.
CACHED = "CACHED"        # sk <cachedAt, 12 digits>#<sha256 of the key>: one item per cached answer
QUERIES = "QUERIES"      # sk <sha256 of the key>: one item per claimed query
BATCH_WRITE = 25         # BatchWriteItem takes 25 requests a call
_TABLE_NAME = re.compile(r"[A-Za-z0-9_.-]{3,255}")
_WIDE = decimal.Context(prec=80)
_CENT = Decimal("0.01")
_TENTH = Decimal("0.1")


def _now() -> int:
    return int(_dt.datetime.now(_dt.timezone.utc).timestamp())


def _plain(value: Decimal, quantum: Decimal) -> str:
    return format(value.quantize(quantum, context=_WIDE), "f")


def _to_item(record: LeaseRecord) -> dict[str, Any]:
    """A record as DynamoDB values (before boto3's serializer): amounts Decimal, nulls left out."""
    item: dict[str, Any] = {}
    for key in RECORD_KEYS:
        value = record[key]  # type: ignore[literal-required]
        if value is None:
            continue
        if key in AMOUNT_KEYS or key == "variancePercent":
            value = Decimal(value)
        elif key in LIST_KEYS:
            value = [{**entry, "cost": Decimal(entry["cost"])} for entry in value]
        item[key] = value
    return item


def _from_item(item: Mapping[str, Any]) -> LeaseRecord:
    record: dict[str, Any] = {}
    for key in RECORD_KEYS:
        value = item.get(key)
        if value is None:
            record[key] = None
        elif key in AMOUNT_KEYS:
            record[key] = _plain(value, _CENT)
        elif key == "variancePercent":
            record[key] = _plain(value, _TENTH)
        elif key in INTEGER_KEYS:
            record[key] = int(value)
        elif key in LIST_KEYS:
            record[key] = [{**entry, "cost": _plain(entry["cost"], _CENT)} for entry in value]
        elif key == "tags":
            record[key] = dict(value)
        elif key == "estimatedDays":
            record[key] = list(value)
        else:
            record[key] = value
    return record  # type: ignore[return-value]


def _plain_json(value: Any) -> Any:
    """A deserialized M/L back to JSON values: whole-number Decimals to int (the lease and event dicts
    hold no floats: their amounts are strings)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else format(value, "f")
    if isinstance(value, dict):
        return {name: _plain_json(item) for name, item in value.items()}
    if isinstance(value, list):
        return [_plain_json(item) for item in value]
    return value


def _table_names(names: str | Sequence[str] | Mapping[str, str]) -> tuple[str, str]:
    if isinstance(names, str):
        records, state = names, names + "State"
    elif isinstance(names, Mapping):
        records, state = names.get("records", ""), names.get("state", "")
    else:
        records, state = tuple(names) if len(names) == 2 else ("", "")
    for which, name in (("records", records), ("state", state)):
        if not isinstance(name, str) or not _TABLE_NAME.fullmatch(name):
            raise _core.InputError("expected a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -)", "<command line>",
                                   f"--store ({which} table)", repr(name))
    return records, state


def _code(error: BaseException) -> str:
    response = getattr(error, "response", None)
    return str(response.get("Error", {}).get("Code", "")) if isinstance(response, Mapping) else ""


class DynamoDBStore:
    """The lease store in DynamoDB tables ``<name>`` and ``<name>State`` (or ``{"records": …, "state":
    …}``), through boto3 (``session``, else a new one with ``profile`` and ``region``). ``page_size``
    sets the Limit of each Query and Scan page (None: DynamoDB's 1 MB pages); every read follows
    LastEvaluatedKey through all pages. The tables are not created on open: :meth:`create_tables`
    (``costmodel leases create-table``) does that."""

    def __init__(self, table_prefix_or_names: str | Sequence[str] | Mapping[str, str] = "CostReports", *,
                 session: Any = None, endpoint_url: str | None = None, region: str = "us-east-1",
                 profile: str | None = None, page_size: int | None = None) -> None:
        try:
            import boto3  # type: ignore[import-untyped]
            from boto3.dynamodb.types import TypeDeserializer, TypeSerializer  # type: ignore[import-untyped]
        except ImportError as error:  # pragma: no cover - depends on the installation
            raise ImportError("a DynamoDB lease store needs boto3: pip install 'costmodel[aws]'") from error
        self.records_table, self.state_table = _table_names(table_prefix_or_names)
        if page_size is not None and (isinstance(page_size, bool) or not isinstance(page_size, int) or page_size < 1):
            raise _core.InputError("expected a page size of at least 1", "<DynamoDBStore arguments>", "page_size",
                                   repr(page_size))
        self.page_size = page_size
        self.region = region
        self.endpoint_url = endpoint_url
        if session is None:
            session = boto3.Session(profile_name=profile, region_name=region)
        self.client = session.client("dynamodb", region_name=region, endpoint_url=endpoint_url)
        self._serializer = TypeSerializer()
        self._deserializer = TypeDeserializer()

    # --- plumbing -----------------------------------------------------------------------------------

    def _dump(self, values: Mapping[str, Any]) -> dict[str, Any]:
        return {name: self._serializer.serialize(value) for name, value in values.items()}

    def _load(self, item: Mapping[str, Any]) -> dict[str, Any]:
        return {name: self._deserializer.deserialize(value) for name, value in item.items()}

    def _value(self, value: Any) -> dict[str, Any]:
        return self._serializer.serialize(value)

    def _pages(self, operation: str, **request: Any) -> Iterator[dict[str, Any]]:
        """Every item of a Query or Scan, page after page (boto3's paginator follows LastEvaluatedKey)."""
        config = {"PageSize": self.page_size} if self.page_size else {}
        try:
            for page in self.client.get_paginator(operation).paginate(**request, PaginationConfig=config):
                for item in page.get("Items", []):
                    yield self._load(item)
        except Exception as error:
            raise self._translated(error) from error

    def _translated(self, error: Exception) -> Exception:
        if _code(error) == "ResourceNotFoundException":
            return StoreError(f"DynamoDB table {self.records_table} or {self.state_table} does not exist "
                              f"(create them with: costmodel leases create-table --store dynamodb:"
                              f"{self.records_table}): {error}")
        return error

    def _call(self, operation: str, **request: Any) -> dict[str, Any]:
        try:
            return getattr(self.client, operation)(**request)
        except Exception as error:
            translated = self._translated(error)
            if translated is error:
                raise
            raise translated from error

    def _lease_key(self, lease_id: str, sort: str) -> dict[str, Any]:
        return {"pk": {"S": f"LEASE#{lease_id}"}, "sk": {"S": sort}}

    # --- set-up -------------------------------------------------------------------------------------

    def create_tables(self, *, wait: bool = True) -> list[str]:
        """Creates both tables (PAY_PER_REQUEST) with the indexes, waits until they are ACTIVE, and
        says what it did. A table that exists is left as is (its missing indexes are an error)."""
        def gsi(name: str, partition: str, sort: str) -> dict[str, Any]:
            return {"IndexName": name, "Projection": {"ProjectionType": "ALL"},
                    "KeySchema": [{"AttributeName": partition, "KeyType": "HASH"},
                                  {"AttributeName": sort, "KeyType": "RANGE"}]}

        tables = [
            (self.records_table, {
                "KeySchema": [{"AttributeName": "leaseId", "KeyType": "HASH"},
                              {"AttributeName": "collectedAt", "KeyType": "RANGE"}],
                "AttributeDefinitions": [{"AttributeName": "leaseId", "AttributeType": "S"},
                                         {"AttributeName": "collectedAt", "AttributeType": "N"},
                                         {"AttributeName": "indexAccountId", "AttributeType": "S"},
                                         {"AttributeName": "indexOwnerId", "AttributeType": "S"},
                                         {"AttributeName": "overBudgetIndex", "AttributeType": "S"},
                                         {"AttributeName": "variancePercent", "AttributeType": "N"}],
                "GlobalSecondaryIndexes": [gsi(BY_ACCOUNT, "indexAccountId", "collectedAt"),
                                           gsi(BY_OWNER, "indexOwnerId", "collectedAt"),
                                           gsi(OVER_BUDGET, "overBudgetIndex", "variancePercent")],
            }, "leaseId S / collectedAt N; indexes CostsByAccount (indexAccountId, collectedAt), CostsByOwner "
               "(indexOwnerId, collectedAt), OverBudgetLeases (overBudgetIndex, variancePercent)"),
            (self.state_table, {
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                         {"AttributeName": "sk", "AttributeType": "S"}],
            }, "pk S / sk S: leases, collection counters, outbox events, query cache, request log"),
        ]
        said = []
        for name, definition, what in tables:
            try:
                self.client.create_table(TableName=name, BillingMode="PAY_PER_REQUEST", **definition)
                said.append(f"created DynamoDB table {name} (PAY_PER_REQUEST): {what}")
            except Exception as error:
                if _code(error) != "ResourceInUseException":
                    raise
                present = {index["IndexName"] for index in
                           self.client.describe_table(TableName=name)["Table"].get("GlobalSecondaryIndexes", [])}
                missing = [index["IndexName"] for index in definition.get("GlobalSecondaryIndexes", [])
                           if index["IndexName"] not in present]
                if missing:
                    raise StoreError(f"DynamoDB table {name} exists without the indexes {', '.join(missing)}") from None
                said.append(f"DynamoDB table {name} exists already: left as is")
        if wait:
            waiter = self.client.get_waiter("table_exists")
            for name, _, _ in tables:
                waiter.wait(TableName=name, WaiterConfig={"Delay": 2, "MaxAttempts": 150})
            said.append(f"{self.records_table} and {self.state_table} are ACTIVE")
        return said

    def describe(self) -> str:
        where = f" at {self.endpoint_url}" if self.endpoint_url else ""
        return f"DynamoDB {self.records_table} and {self.state_table} ({self.region}{where})"

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "DynamoDBStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"DynamoDBStore({self.records_table!r}, region={self.region!r})"

    # --- records ------------------------------------------------------------------------------------

    def _newest_item(self, lease_id: str) -> dict[str, Any] | None:
        answer = self._call("query", TableName=self.records_table, KeyConditionExpression="leaseId = :l",
                            ExpressionAttributeValues={":l": {"S": lease_id}}, ScanIndexForward=False, Limit=1,
                            ConsistentRead=True)
        items = answer.get("Items", [])
        return self._load(items[0]) if items else None

    def put_collection(self, record: Mapping[str, Any], *, events: Iterable[Mapping[str, Any]] = ()) -> None:
        """Appends one collection and its outbox events in one TransactWriteItems: Put the new item
        (it must not exist), Update the previous current item (it must still be current) to drop its
        index attributes, move the lease's collection counter from n-1 to n, and Put each event (it
        must not exist). Any failed condition cancels all of it: :class:`StoreError`."""
        checked = validate_record(record)
        outbox = [validate_event(event) for event in events]
        lease = checked["leaseId"]
        for event in outbox:
            if event["leaseId"] != lease:
                raise StoreError(f"lease {lease}: event {event['id']} is another lease's")
        if len(outbox) > 96:
            raise StoreError(f"lease {lease}: {len(outbox)} events in one collection; a transaction holds 100 items")
        newest = self._newest_item(lease)
        previous = None if newest is None else _from_item(newest)
        check_next_collection(checked, previous)
        item = _to_item(checked)
        item["indexAccountId"] = checked["accountId"]
        item["indexOwnerId"] = checked["ownerId"]
        if checked["overBudget"] and checked["variancePercent"] is not None:
            item["overBudgetIndex"] = OVER
        actions: list[dict[str, Any]] = [{"Put": {
            "TableName": self.records_table, "Item": self._dump(item),
            "ConditionExpression": "attribute_not_exists(leaseId)"}}]
        if previous is not None:
            actions.append({"Update": {
                "TableName": self.records_table,
                "Key": {"leaseId": {"S": lease}, "collectedAt": {"N": str(previous["collectedAt"])}},
                "UpdateExpression": "REMOVE " + ", ".join(INDEX_ATTRIBUTES),
                "ConditionExpression": "attribute_exists(indexAccountId) AND #c = :c",
                "ExpressionAttributeNames": {"#c": "collection"},
                "ExpressionAttributeValues": {":c": {"N": str(previous["collection"])}}}})
        counter: dict[str, Any] = {
            "TableName": self.state_table, "Key": self._lease_key(lease, "COLLECTION"),
            "UpdateExpression": "SET #n = :n", "ExpressionAttributeNames": {"#n": "latest"},
            "ExpressionAttributeValues": {":n": {"N": str(checked["collection"])}}}
        if previous is None:
            counter["ConditionExpression"] = "attribute_not_exists(#n)"
        else:
            counter["ConditionExpression"] = "#n = :p"
            counter["ExpressionAttributeValues"][":p"] = {"N": str(previous["collection"])}
        actions.append({"Update": counter})
        for event in outbox:
            actions.append({"Put": {"TableName": self.state_table, "Item": self._dump(self._event_item(event)),
                                    "ConditionExpression": "attribute_not_exists(pk)"}})
        try:
            self.client.transact_write_items(TransactItems=actions)
        except Exception as error:
            if _code(error) != "TransactionCanceledException":
                raise self._translated(error) from error
            reasons = getattr(error, "response", {}).get("CancellationReasons", [])
            failed = [index for index, reason in enumerate(reasons) if reason.get("Code") not in (None, "None")]
            names = ["the new item exists (collectedAt taken)",
                     *(["the previous item is no longer current"] if previous is not None else []),
                     "the lease's collection counter moved (another writer)",
                     *[f"event {event['id']} exists" for event in outbox]]
            why = "; ".join(names[index] if index < len(names) else f"item {index}" for index in failed) or str(error)
            raise StoreError(f"lease {lease}: collection {checked['collection']} not written: {why}; "
                             "nothing written") from None

    def current(self, lease_id: str) -> LeaseRecord | None:
        newest = self._newest_item(lease_id)
        return None if newest is None else _from_item(newest)

    def history(self, lease_id: str) -> list[LeaseRecord]:
        return [_from_item(item) for item in self._pages(
            "query", TableName=self.records_table, KeyConditionExpression="leaseId = :l",
            ExpressionAttributeValues={":l": {"S": lease_id}}, ScanIndexForward=True, ConsistentRead=True)]

    def _by_index(self, index: str, attribute: str, value: str, newest_first: bool) -> list[LeaseRecord]:
        return [_from_item(item) for item in self._pages(
            "query", TableName=self.records_table, IndexName=index, KeyConditionExpression=f"{attribute} = :v",
            ExpressionAttributeValues={":v": {"S": value}}, ScanIndexForward=not newest_first)]

    def by_account(self, account_id: str, *, newest_first: bool = False) -> list[LeaseRecord]:
        return self._by_index(BY_ACCOUNT, "indexAccountId", account_id, newest_first)

    def by_owner(self, owner_id: str, *, newest_first: bool = False) -> list[LeaseRecord]:
        return self._by_index(BY_OWNER, "indexOwnerId", owner_id, newest_first)

    def over_budget(self, limit: int | None = None) -> list[LeaseRecord]:
        found: list[LeaseRecord] = []
        for item in self._pages("query", TableName=self.records_table, IndexName=OVER_BUDGET,
                                KeyConditionExpression="overBudgetIndex = :o",
                                ExpressionAttributeValues={":o": {"S": OVER}}, ScanIndexForward=False):
            found.append(_from_item(item))
            if limit is not None and len(found) >= limit:
                break
        # The index orders by the exact number; equal percentages come in no set order, so they are
        # put in leaseId order as SQLite does.
        return over_budget_order(found)

    def current_records(self) -> Iterator[LeaseRecord]:
        # The account index is sparse: it holds exactly the current items.
        for item in self._pages("scan", TableName=self.records_table, IndexName=BY_ACCOUNT):
            yield _from_item(item)

    def current_columns(self) -> Any:
        """The current records as :class:`costmodel.leases.LeaseColumns` (Arrow columns, amounts exact),
        for the portfolio analysis and the chargeback, in the portfolio's order (end date, collection
        time, lease id): one scan of the sparse account index (one item per lease), its items ordered
        and read into columns. Needs pyarrow."""
        from ._analysis import LeaseColumns, lease_columns

        # str order is code point order, which is UTF-8 byte order: the lease ids sort as Arrow's do
        records = sorted(self.current_records(), key=lambda r: (r["endDate"], r["collectedAt"], r["leaseId"]))
        columns = lease_columns(records, f"dynamodb:{self.records_table}")
        return LeaseColumns(columns.leases, columns.services, current=True)

    def mark_charged_back(self, lease_id: str, amount: str, date: int) -> bool:
        """Records the chargeback on the current item with a conditional update (the item is still
        current and not charged back). True when it changed it, False when the same chargeback was
        recorded already; another one recorded, or no record, is a :class:`StoreError`."""
        amount, date = check_chargeback(amount, date)
        for _ in range(5):
            record = self.current(lease_id)
            if record is None:
                raise StoreError(f"lease {lease_id}: no record to charge back")
            if record["chargebackGenerated"]:
                if (record["chargebackAmount"], record["chargebackDate"]) == (amount, date):
                    return False
                raise StoreError(f"lease {lease_id}: collection {record['collection']} was charged back "
                                 f"{record['chargebackAmount']} at {record['chargebackDate']}, not {amount} at {date}")
            try:
                self.client.update_item(
                    TableName=self.records_table,
                    Key={"leaseId": {"S": lease_id}, "collectedAt": {"N": str(record["collectedAt"])}},
                    UpdateExpression="SET chargebackGenerated = :t, chargebackAmount = :a, chargebackDate = :d",
                    ConditionExpression="attribute_exists(indexAccountId) AND chargebackGenerated = :f",
                    ExpressionAttributeValues={":t": {"BOOL": True}, ":f": {"BOOL": False},
                                               ":a": {"N": amount}, ":d": {"N": str(date)}})
                return True
            except Exception as error:
                if _code(error) != "ConditionalCheckFailedException":
                    raise self._translated(error) from error
                # A new collection or another chargeback came in between: look again.
        raise StoreError(f"lease {lease_id}: the current record kept changing; chargeback not recorded")

    # --- leases -------------------------------------------------------------------------------------

    def _lease_item(self, lease_id: str) -> dict[str, Any] | None:
        answer = self._call("get_item", TableName=self.state_table, Key=self._lease_key(lease_id, "LEASE"),
                            ConsistentRead=True)
        return self._load(answer["Item"]) if "Item" in answer else None

    def put_lease(self, lease: Mapping[str, Any]) -> bool:
        """Merges a lease event's fields into the lease (optimistic: the put is conditional on the
        version read). True when anything changed."""
        new = validate_lease(lease)
        for _ in range(5):
            item = self._lease_item(new["leaseId"])
            old = None if item is None else _plain_json(item["lease"])
            merged = merge_lease(old, new)
            if merged == old:
                return False
            version = 0 if item is None else int(item["version"])
            values = {"pk": f"LEASE#{new['leaseId']}", "sk": "LEASE", "status": merged["status"], "lease": merged,
                      "version": version + 1}
            try:
                self.client.put_item(
                    TableName=self.state_table, Item=self._dump(values),
                    ConditionExpression="attribute_not_exists(pk) OR #v = :v",
                    ExpressionAttributeNames={"#v": "version"}, ExpressionAttributeValues={":v": {"N": str(version)}})
                return True
            except Exception as error:
                if _code(error) != "ConditionalCheckFailedException":
                    raise self._translated(error) from error
        raise StoreError(f"lease {new['leaseId']}: kept changing while being updated")

    def get_lease(self, lease_id: str) -> dict[str, Any] | None:
        item = self._lease_item(lease_id)
        return None if item is None else _plain_json(item["lease"])

    def leases(self, status: str | None = None) -> list[dict[str, Any]]:
        request: dict[str, Any] = {"TableName": self.state_table, "FilterExpression": "sk = :s",
                                   "ExpressionAttributeValues": {":s": {"S": "LEASE"}}}
        if status is not None:
            request["FilterExpression"] += " AND #st = :st"
            request["ExpressionAttributeNames"] = {"#st": "status"}
            request["ExpressionAttributeValues"][":st"] = {"S": check_lease_status(status)}
        found = [_plain_json(item["lease"]) for item in self._pages("scan", **request)]
        return sorted(found, key=lambda lease: lease["leaseId"])

    def set_lease_status(self, lease_id: str, status: str) -> bool:
        status = check_lease_status(status)
        lease = self.get_lease(lease_id)
        if lease is None:
            raise StoreError(f"lease {lease_id}: unknown lease")
        if lease["status"] == status:
            return False
        self._call("update_item", TableName=self.state_table, Key=self._lease_key(lease_id, "LEASE"),
                   UpdateExpression="SET #st = :s, #l.#st = :s, #v = #v + :one",
                   ConditionExpression="attribute_exists(pk)",
                   ExpressionAttributeNames={"#st": "status", "#l": "lease", "#v": "version"},
                   ExpressionAttributeValues={":s": {"S": status}, ":one": {"N": "1"}})
        return True

    # --- query cache --------------------------------------------------------------------------------

    def _cache_pk(self, key: str) -> str:
        return "CACHE#" + hashlib.sha256(key.encode()).hexdigest()

    def cached_response(self, key: str, *, since: int | None = None) -> list[dict[str, Any]] | None:
        """The pages cached under ``key``, or None; None too when they were cached before ``since``
        (epoch seconds: an answer older than the cache's time to live)."""
        pk = self._cache_pk(key)
        parts = list(self._pages("query", TableName=self.state_table, KeyConditionExpression="pk = :p",
                                 ExpressionAttributeValues={":p": {"S": pk}}, ConsistentRead=True))
        if not parts or parts[0].get("key") != key:
            return None
        if since is not None and int(parts[0].get("cachedAt", 0)) < check_time(since, "since"):
            return None
        count = int(parts[0]["parts"])
        if parts[0]["encoding"] == "json":
            return json.loads(parts[0]["data"])
        data = b"".join(bytes(part["data"]) for part in parts[:count])
        return json.loads(zlib.decompress(data).decode())

    def cache_response(self, key: str, pages: Sequence[Mapping[str, Any]], *, at: int | None = None) -> None:
        """Keeps the raw pages as JSON text, cached at ``at`` (epoch seconds; default the clock); over
        350 KB, zlib-compressed into binary (B) parts of at most 350 KB each (an item holds 400 KB),
        written with the parts' index and the entry of the by-time list in one transaction."""
        text = cache_text(pages)
        when = _now() if at is None else check_time(at, "at")
        pk = self._cache_pk(key)
        raw = text.encode()
        if len(raw) <= CACHE_PART_BYTES:
            items = [{"pk": pk, "sk": "PART#0000", "key": key, "parts": 1, "encoding": "json", "data": text}]
        else:
            packed = zlib.compress(raw, 6)
            chunks = [packed[i:i + CACHE_PART_BYTES] for i in range(0, len(packed), CACHE_PART_BYTES)]
            if len(chunks) > CACHE_MAX_PARTS:
                raise StoreError(f"cached response {key!r}: {len(packed)} bytes compressed, more than "
                                 f"{CACHE_MAX_PARTS} parts of {CACHE_PART_BYTES}")
            items = [{"pk": pk, "sk": f"PART#{index:04d}", "data": chunk} for index, chunk in enumerate(chunks)]
            items[0].update(key=key, parts=len(chunks), encoding="zlib")
        items[0]["cachedAt"] = when
        items.append({"pk": CACHED, "sk": f"{when:012d}#{pk[len('CACHE#'):]}", "cachePk": pk, "cachedAt": when})
        self._call("transact_write_items", TransactItems=[
            {"Put": {"TableName": self.state_table, "Item": self._dump(item)}} for item in items])

    # --- query claims -------------------------------------------------------------------------------

    def _claim_key(self, key: str) -> dict[str, Any]:
        return {"pk": {"S": QUERIES}, "sk": {"S": hashlib.sha256(key.encode()).hexdigest()}}

    def claim_query(self, key: str, claim: Mapping[str, Any], *, at: int, stale_after: int) -> bool:
        """Marks the query ``key`` in flight with ``claim`` (a conditional put: no claim, or one older
        than ``stale_after`` seconds, whose run is gone). True for the one caller that did it."""
        text = check_claim(key, claim)
        at, stale_after = check_time(at, "at"), check_time(stale_after, "stale_after")
        try:
            self.client.put_item(
                TableName=self.state_table,
                Item={**self._claim_key(key), "key": {"S": key}, "claimedAt": {"N": str(at)}, "claim": {"S": text}},
                ConditionExpression="attribute_not_exists(pk) OR claimedAt <= :stale",
                ExpressionAttributeValues={":stale": {"N": str(at - stale_after)}})
            return True
        except Exception as error:
            if _code(error) == "ConditionalCheckFailedException":
                return False
            raise self._translated(error) from error

    def release_query(self, key: str) -> None:
        self._call("delete_item", TableName=self.state_table, Key=self._claim_key(key))

    def query_claims(self) -> list[dict[str, Any]]:
        """Every claim: ``{key, claimedAt, claim}``, oldest first."""
        found = [{"key": item["key"], "claimedAt": int(item["claimedAt"]), "claim": json.loads(item["claim"])}
                 for item in self._pages("query", TableName=self.state_table, KeyConditionExpression="pk = :p",
                                         ExpressionAttributeValues={":p": {"S": QUERIES}}, ConsistentRead=True)]
        return sorted(found, key=lambda claim: (claim["claimedAt"], claim["key"]))

    # --- the time to live ---------------------------------------------------------------------------

    def _older(self, partition: str, before: int) -> list[dict[str, Any]]:
        return list(self._pages("query", TableName=self.state_table, KeyConditionExpression="pk = :p AND sk < :s",
                                ExpressionAttributeValues={":p": {"S": partition}, ":s": {"S": f"{before:012d}"}},
                                ConsistentRead=True))

    def _delete(self, keys: list[dict[str, Any]]) -> None:
        for first in range(0, len(keys), BATCH_WRITE):
            pending: dict[str, Any] = {self.state_table: [
                {"DeleteRequest": {"Key": {"pk": {"S": key["pk"]}, "sk": {"S": key["sk"]}}}}
                for key in keys[first:first + BATCH_WRITE]]}
            for _ in range(8):
                answer = self._call("batch_write_item", RequestItems=pending)
                pending = answer.get("UnprocessedItems") or {}
                if not pending:
                    break
            else:
                raise StoreError(f"DynamoDB table {self.state_table}: deletes left unprocessed after 8 tries")

    def purge(self, before: int) -> int:
        """Deletes the cached answers, request-log entries and query claims older than ``before``
        (epoch seconds); returns how many. The request log and the cached answers are listed by time
        (sort keys that begin with the time), so this reads only what it deletes."""
        before = check_time(before, "before")
        doomed = [{"pk": item["pk"], "sk": item["sk"]} for item in self._older("REQUESTS", before)]
        count = len(doomed)
        gone: set[str] = set()
        for entry in self._older(CACHED, before):
            doomed.append({"pk": entry["pk"], "sk": entry["sk"]})
            parts = list(self._pages("query", TableName=self.state_table, KeyConditionExpression="pk = :p",
                                     ExpressionAttributeValues={":p": {"S": entry["cachePk"]}}, ConsistentRead=True))
            # The answer may have been cached again since (a newer entry lists it): only an old one goes.
            if parts and int(parts[0].get("cachedAt", 0)) < before and entry["cachePk"] not in gone:
                gone.add(entry["cachePk"])
                doomed += [{"pk": part["pk"], "sk": part["sk"]} for part in parts]
                count += 1
        claims = [claim for claim in self._pages("query", TableName=self.state_table, KeyConditionExpression="pk = :p",
                                                 ExpressionAttributeValues={":p": {"S": QUERIES}}, ConsistentRead=True)
                  if int(claim["claimedAt"]) < before]
        doomed += [{"pk": claim["pk"], "sk": claim["sk"]} for claim in claims]
        # An answer cached twice before ``before`` is listed twice: each key once (BatchWriteItem
        # refuses a key twice in one call).
        self._delete(list({(key["pk"], key["sk"]): key for key in doomed}.values()))
        return count + len(claims)

    # --- request log --------------------------------------------------------------------------------

    def record_requests(self, at: int, count: int) -> None:
        at, count = check_requests(at, count)
        self._call("put_item", TableName=self.state_table, Item=self._dump(
            {"pk": "REQUESTS", "sk": f"{int(at):012d}#{uuid.uuid4().hex}", "at": int(at), "count": int(count)}))

    def requests_since(self, at: int) -> int:
        at, _ = check_requests(at, 0)
        return sum(int(item["count"]) for item in self._pages(
            "query", TableName=self.state_table, KeyConditionExpression="pk = :p AND sk >= :s",
            ExpressionAttributeValues={":p": {"S": "REQUESTS"}, ":s": {"S": f"{int(at):012d}"}}, ConsistentRead=True))

    # --- outbox -------------------------------------------------------------------------------------

    def _event_item(self, event: Mapping[str, Any]) -> dict[str, Any]:
        item = {"pk": f"LEASE#{event['leaseId']}", "sk": f"EVENT#{event['kind']}#{event['key']}", **event}
        if item["sentAt"] is None:
            del item["sentAt"]
        return item

    def _event(self, item: Mapping[str, Any]) -> dict[str, Any]:
        return {"id": item["id"], "leaseId": item["leaseId"], "kind": item["kind"], "key": item["key"],
                "detail": _plain_json(item["detail"]), "createdAt": int(item["createdAt"]),
                "sentAt": int(item["sentAt"]) if "sentAt" in item else None}

    def events(self, lease_id: str | None = None, pending: bool | None = None) -> list[dict[str, Any]]:
        values: dict[str, Any] = {":e": {"S": "EVENT#"}}
        request: dict[str, Any] = {"TableName": self.state_table, "ExpressionAttributeValues": values}
        sent = None if pending is None else ("attribute_not_exists(sentAt)" if pending else "attribute_exists(sentAt)")
        if lease_id is not None:
            values[":p"] = {"S": f"LEASE#{lease_id}"}
            request["KeyConditionExpression"] = "pk = :p AND begins_with(sk, :e)"
            request["ConsistentRead"] = True
            if sent:
                request["FilterExpression"] = sent
            operation = "query"
        else:
            request["FilterExpression"] = "begins_with(sk, :e)" + (f" AND {sent}" if sent else "")
            operation = "scan"
        found = [self._event(item) for item in self._pages(operation, **request)]
        return sorted(found, key=lambda event: (event["createdAt"], event["id"]))

    def add_event(self, event: Mapping[str, Any]) -> bool:
        checked = validate_event(event)
        try:
            self.client.put_item(TableName=self.state_table, Item=self._dump(self._event_item(checked)),
                                 ConditionExpression="attribute_not_exists(pk)")
            return True
        except Exception as error:
            if _code(error) == "ConditionalCheckFailedException":
                return False
            raise self._translated(error) from error

    def claim_event(self, event_id: str, *, at: int | None = None) -> bool:
        lease, kind, key = split_event_id(event_id)
        try:
            self.client.update_item(
                TableName=self.state_table, Key=self._lease_key(lease, f"EVENT#{kind}#{key}"),
                UpdateExpression="SET sentAt = :t", ConditionExpression="attribute_exists(pk) AND "
                                                                       "attribute_not_exists(sentAt)",
                ExpressionAttributeValues={":t": {"N": str(_now() if at is None else int(at))}})
            return True
        except Exception as error:
            if _code(error) == "ConditionalCheckFailedException":
                return False
            raise self._translated(error) from error
