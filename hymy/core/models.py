"""The few rows that belong to no single app."""

from django.db import models


class ScheduledRun(models.Model):
    """One planned run of a periodic task (see `schedule.py`): the unique (name, due_at) pair makes sure
    that each run is queued exactly once, whichever worker or command asks first."""

    name = models.CharField(max_length=80)
    due_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "due_at"], name="scheduled_run_once")]

    def __str__(self):
        return f"{self.name} at {self.due_at}"
