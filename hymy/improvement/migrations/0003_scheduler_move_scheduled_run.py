from django.db import migrations


class Migration(migrations.Migration):
    """The scheduler moved to hymy.core (core.ScheduledRun). The old rows are not copied: they are only
    markers against queueing a run twice, and the work itself is idempotent (a DigestDelivery per member
    and week), so at worst a run already queued is queued once more and sends nothing twice."""

    dependencies = [
        ("improvement", "0002_caselearn_case_source"),
    ]
    # The constraint name `scheduled_run_once` moves with the model; on PostgreSQL it names an index,
    # which must be gone before core creates its own.
    run_before = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.DeleteModel(
            name="ScheduledRun",
        ),
    ]
