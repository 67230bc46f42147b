"""Run every benchmark: `python -m bench [--rows N] [--only NAME]`."""

import argparse

from bench import (
    api_encounters,
    cases_sla,
    customers_create,
    dashboard_queries,
    duplicates_find,
    imports,
    improvement_effect,
    responses_http,
    webhooks_deliver,
)

# name -> function(rows=...) that measures and prints.
BENCHMARKS = {
    "customers_create": customers_create.run,
    "responses_http": responses_http.run,
    "dashboard_queries": dashboard_queries.run,
    "api_encounters": api_encounters.run,
    "imports": imports.run,
    "improvement_effect": improvement_effect.run,
    "webhooks_deliver": webhooks_deliver.run,
    "duplicates_find": duplicates_find.run,
    "cases_sla": cases_sla.run,
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--rows", type=int, help="rows per measurement (each benchmark has its own default)")
    parser.add_argument(
        "--only", choices=sorted(BENCHMARKS), action="append", help="run only these benchmarks"
    )
    args = parser.parse_args(argv)
    for name in args.only or BENCHMARKS:
        BENCHMARKS[name](**({"rows": args.rows} if args.rows else {}))


if __name__ == "__main__":
    main()
