"""Count document downloads per document and day, and nothing else.

No address, user, agent, referrer or time of day is read or stored: the count for (document,
day) goes up by one. Concurrent downloads are safe: the increment is one UPDATE … SET count =
count + 1, and the first download of a day creates the row under the unique constraint.
"""

import logging

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.dispatch import receiver
from django.utils import timezone

from wagtail.documents.models import document_served

from library.models import DownloadCount

logger = logging.getLogger(__name__)


def counts_as_download(request):
    """A GET of the file from its start: not a HEAD probe, not a later chunk of a range request."""
    if request is None or request.method != "GET":
        return False
    requested_range = request.headers.get("Range", "")
    return not requested_range or requested_range.replace(" ", "").startswith("bytes=0-")


def record_download(document_id, day=None):
    day = day or timezone.localdate()
    counts = DownloadCount.objects.filter(document_id=document_id, day=day)
    if counts.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            DownloadCount.objects.create(document_id=document_id, day=day, count=1)
    except IntegrityError:
        # Another request created today's row between our UPDATE and INSERT.
        counts.update(count=F("count") + 1)


@receiver(document_served, dispatch_uid="library.stats.count_download")
def count_download(sender, instance, request=None, **kwargs):
    if not counts_as_download(request):
        return
    try:
        with transaction.atomic():  # a savepoint: a failure here leaves the request's transaction usable
            record_download(instance.pk)
    except DatabaseError:
        # A statistic is never worth a failed download.
        logger.exception("Could not count a download of document %s", instance.pk)
