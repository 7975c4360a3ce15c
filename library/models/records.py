"""Records the library keeps about its resources: deletions for harvesters, download counts."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeletedResource(models.Model):
    """A resource that was published and no longer is (deleted or unpublished).

    OAI-PMH declares deletedRecord "persistent": harvesters must keep learning that it is gone,
    so the tombstone stays until the resource is published again.
    """

    identifier = models.CharField(max_length=255, unique=True)
    deleted_at = models.DateTimeField(db_index=True)
    set_specs = models.JSONField(default=list, help_text=_("The OAI sets it belonged to."))

    class Meta:
        ordering = ["deleted_at", "identifier"]

    def __str__(self):
        return self.identifier


class SetDeparture(models.Model):
    """A live resource that left an OAI set (a collection, its type or a thematic area).

    A harvester that gathers one set must learn that the record is no longer in it, so a harvest
    of that set answers it as deleted (datestamp `departed_at`) until it joins the set again.
    """

    identifier = models.CharField(max_length=255, help_text=_("The resource identifier, as harvesters know it."))
    set_spec = models.CharField(max_length=255, help_text=_("The OAI set it left, e.g. collection:gmp."))
    departed_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["departed_at", "identifier"]
        constraints = [models.UniqueConstraint(fields=["identifier", "set_spec"], name="one_departure_per_set")]

    def __str__(self):
        return f"{self.identifier} left {self.set_spec}"


class DownloadCount(models.Model):
    """Downloads of one document on one day: a count, nothing about who downloaded."""

    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="download_counts")
    day = models.DateField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document", "day"], name="one_download_count_per_day")]

    def __str__(self):
        return f"{self.document_id} {self.day}: {self.count}"
