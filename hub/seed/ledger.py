"""What the reference sync last wrote to each record, so a re-sync can tell an editor's change from its own.

The ledger lives in Wagtail's audit log, not in a table of ours: whenever the sync creates or
changes a reference record (a taxonomy term, a country, a project, a partner organisation, a Party
profile), it logs `wagtail.create` or `wagtail.edit` for it without a user, with the values it
wrote under `data["reference_sync"]`. The record's history in the admin therefore shows what the
sync did and when.

On a later sync, field by field (docs/deployment.md, "Reference data and demo content"):
- the record still holds what the sync last wrote: nobody changed it, it takes the data's value;
- it holds something else: an editor changed it, and it is kept (reported as "kept as edited");
- the sync never recorded the field (a site seeded before the ledger existed): kept unless it
  already equals the data.
A reference page the sync created and an editor has since deleted is not created again.
"""

import json

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder

from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Page, PageLogEntry

KEY = "reference_sync"
MISSING = object()


def normalise(value):
    """A value as the audit log stores it (JSON), so stored and live values compare alike."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def key_of(lookup):
    """A stable text key for a record's lookup, e.g. {"slug": "asgm", "locale": 1}."""
    return json.dumps(normalise({name: getattr(value, "pk", value) for name, value in lookup.items()}), sort_keys=True)


class Ledger:
    """The last values the sync wrote per record, read once per model from the audit log."""

    def __init__(self):
        self._models = {}

    def _entries(self, model):
        if model not in self._models:
            content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
            is_page = issubclass(model, Page)
            entries = (PageLogEntry if is_page else ModelLogEntry).objects.filter(
                content_type=content_type, data__has_key=KEY
            )
            by_object, by_key = {}, {}
            # Oldest first, so each record ends with the latest values the sync wrote.
            for object_id, data in entries.order_by("timestamp", "pk").values_list(
                "page_id" if is_page else "object_id", "data"
            ):
                synced = data.get(KEY) or {}
                by_object[str(object_id)] = synced.get("values") or {}
                if synced.get("key"):
                    by_key[synced["key"]] = str(object_id)
            self._models[model] = (by_object, by_key)
        return self._models[model]

    def values(self, model, pk):
        """The values last written to the record, or None when the sync never recorded it."""
        return self._entries(model)[0].get(str(pk))

    def was_created(self, model, key):
        """Did the sync ever write a record with this key (which may since have been deleted)?"""
        return key in self._entries(model)[1]

    def record(self, instance, key, values, created):
        """Log what the sync wrote (all of its fields, normalised) when it differs from the ledger."""
        model = type(instance)
        by_object, by_key = self._entries(model)
        values = normalise(values)
        if not created and by_object.get(str(instance.pk)) == values and by_key.get(key) == str(instance.pk):
            return
        log(instance, "wagtail.create" if created else "wagtail.edit", data={KEY: {"key": key, "values": values}})
        by_object[str(instance.pk)] = values
        by_key[key] = str(instance.pk)


def merge(current, wanted, synced):
    """Field by field: which new values to write and which fields an editor changed.

    `current`, `wanted`: normalised values by field name; `synced`: the ledger's, or None.
    """
    updates, kept = [], []
    for name, value in wanted.items():
        if current[name] == value:
            continue
        base = synced.get(name, MISSING) if synced is not None else MISSING
        if base is not MISSING and base == current[name]:
            updates.append(name)
        else:
            kept.append(name)
    return updates, kept
