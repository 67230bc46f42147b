""" "Did it help?" and the weekly digest on the demo telecom (scale 1, about 11,000 responses).

For each of the demo's improvement actions, the before/after figures through the daily rollups
(`hymy.improvement.effect.action_effect`, what the action page shows) against the same two histograms
counted by GROUP BY over the raw answers (what it would cost without the rollups), p50 of N repetitions
each; then one member's whole digest (`digest_build`). Every rollup histogram is checked equal to the raw
one before timing. Run on SQLite in a temporary file, in a subprocess with its own settings.

    python -m bench --only improvement_effect [--rows N]   (N = repetitions, default 30)
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_ROWS = 30
REPOSITORY = Path(__file__).resolve().parents[1]


def run(*, rows: int = DEFAULT_ROWS) -> None:
    print(
        f"\nimprovement_effect: before/after of the demo's actions and one digest, p50 of {rows} runs (SQLite)"
    )
    with tempfile.TemporaryDirectory(prefix="hymy-bench-") as data_dir:
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "hymy.settings",
            "DATABASE_URL": f"sqlite:///{Path(data_dir) / 'bench.sqlite3'}",
            "HYMY_DATA_DIR": data_dir,
        }
        output = subprocess.run(  # noqa: S603  (our own interpreter and module)
            [sys.executable, "-m", "bench.improvement_effect", "--child", str(rows)],
            cwd=REPOSITORY, env=environment, capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    result = json.loads(output.strip().splitlines()[-1])
    print(f"  demo loaded in {result['load_seconds']:.1f} s; {result['responses']} responses")
    for row in result["actions"]:
        ratio = row["raw_ms"] / row["rollup_ms"] if row["rollup_ms"] else float("nan")
        print(
            f"  {row['title'][:46]:46} · n {row['n_before']:>4}/{row['n_after']:<4} "
            f"rollups {row['rollup_ms']:7.2f} ms   raw GROUP BY {row['raw_ms']:7.2f} ms   ratio {ratio:5.1f}×"
        )
    print(f"  digest_build for one member: {result['digest_ms']:.1f} ms")


def _child(rows: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Count

    from hymy.demo.services import demo_data_create
    from hymy.improvement.digest import digest_build, last_full_week
    from hymy.improvement.effect import action_effect, periods_around, reference_day
    from hymy.improvement.models import ImprovementAction
    from hymy.insights import selectors as insights
    from hymy.surveys.models import Answer, Response
    from hymy.tenancy.models import Membership, Organization

    call_command("migrate", verbosity=0)
    began = time.monotonic()
    demo_data_create(scale=1.0)
    load_seconds = time.monotonic() - began
    organization = Organization.objects.get(slug="revontuli")
    membership = Membership.objects.filter(organization=organization, role="owner").first()

    def raw(action, period, spec):
        start, end = period.moments
        answers = Answer.objects.filter(
            organization=organization, response__started_at__gte=start, response__started_at__lt=end,
            question__kind__in=spec.kinds, score__isnull=False,
        )  # fmt: skip
        if action.touchpoint_id:
            answers = answers.filter(response__touchpoint_id=action.touchpoint_id)
        return dict(answers.values_list("score").annotate(total=Count("id")).order_by())

    def p50(function) -> float:
        times = []
        for _ in range(rows):
            began = time.perf_counter()
            function()
            times.append((time.perf_counter() - began) * 1000)
        return statistics.median(times)

    rows_out = []
    for action in ImprovementAction.objects.filter(organization=organization).order_by("pk"):
        spec = insights.METRICS_BY_KEY[action.metric]
        periods = periods_around(reference_day(action), today=insights.Period.last_days(1).end)
        effect = action_effect(action=action, membership=membership)
        if periods is not None:
            for period, estimate in zip(periods, (effect.before, effect.after), strict=True):
                assert insights.estimate_of(spec, raw(action, period, spec)) == estimate, action.title
        rows_out.append(
            {
                "title": action.title,
                "n_before": effect.before.n,
                "n_after": effect.after.n,
                "rollup_ms": p50(lambda action=action: action_effect(action=action, membership=membership)),
                "raw_ms": p50(
                    lambda action=action, spec=spec, periods=periods: [
                        raw(action, p, spec) for p in periods or ()
                    ]
                ),
            }
        )
    week = last_full_week(insights.Period.last_days(1).end)
    digest_ms = p50(lambda: digest_build(membership=membership, week=week))
    print(json.dumps({
        "load_seconds": load_seconds, "responses": Response.objects.filter(organization=organization).count(),
        "actions": rows_out, "digest_ms": digest_ms,
    }))  # fmt: skip


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        _child(int(sys.argv[2]))
    else:
        run()
