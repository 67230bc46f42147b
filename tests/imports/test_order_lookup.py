"""The purchase import finds the orders already recorded through the (organization, external_id) index."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from hymy.customers.models import Purchase

from .files import FINNISH_CUSTOMERS, FINNISH_PURCHASES, finnish_excel_csv


def _index_name() -> str:
    (index,) = [index for index in Purchase._meta.indexes if index.fields == ["organization", "external_id"]]
    return index.name


def _plan(sql: str, params) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A test's table is tiny, where a full scan is cheapest: ask whether the index can serve it.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(" ".join(str(part) for part in row) for row in cursor.fetchall())


def test_the_lookup_of_known_orders_uses_the_index(run_import, counter):
    run_import(finnish_excel_csv(FINNISH_CUSTOMERS), "asiakkaat.csv")
    run_import(finnish_excel_csv(FINNISH_PURCHASES), "ostot.csv", kind="purchases")

    with CaptureQueriesContext(connection) as queries:
        again = run_import(finnish_excel_csv(FINNISH_PURCHASES), "ostot.csv", kind="purchases", start=False)
    assert again.skipped_count == 2  # the orders were found, so the lookup below is the one that found them

    purchase_table = Purchase._meta.db_table
    (lookup,) = [
        query["sql"]
        for query in queries.captured_queries
        if f'FROM "{purchase_table}"' in query["sql"] and '"external_id" IN' in query["sql"]
    ]
    # The captured SQL has its values inlined; run the plan on the same text.
    assert _index_name() in _plan(lookup, None)
