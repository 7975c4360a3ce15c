"""What every app's seed loader shares: data files, progress, counters and idempotent upserts.

A loader never writes blindly. Each object has a stable key (a taxonomy's slug, a page's slug
under its parent, a resource's identifier, a project's `project_id`); the helpers here look the
object up by that key, create it when it is missing, update it only when a value differs, and
count which of the three happened. A second run therefore reports nothing created or updated
and adds no page revisions.

Two kinds of values:
- `values` are facts and seed prose the loader keeps in line with its data files;
- `defaults` are only written when the object is created, because editors own them afterwards
  (the contracts let editors rename a thematic area; the slug stays).
Pages whose latest revision was saved by a person (in the admin) are left as the editor left
them and counted as "kept".

Reference records (`reference=True`: taxonomies, countries, projects, partner organisations,
Party profiles) are merged field by field against what the sync last wrote (hub/seed/ledger.py),
so a re-sync takes new facts from the data without undoing an editor's change.
"""

import json
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models

from wagtail.fields import StreamField
from wagtail.models import Page

# Re-exported: every app's seed parser imports these from here.
from .datafiles import Record, SeedDataError, SeedError, read_records  # noqa: F401
from .ledger import Ledger, key_of, merge, normalise


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0

    @property
    def total(self):
        return self.created + self.updated + self.unchanged + self.kept

    def add(self, outcome):
        setattr(self, outcome, getattr(self, outcome) + 1)

    def __str__(self):
        text = f"{self.total} ({self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        if self.kept:
            text += f", {self.kept} kept as edited"
        return text + ")"


def _strip_ids(value):
    if isinstance(value, dict):
        return {key: _strip_ids(item) for key, item in value.items() if key != "id"}
    if isinstance(value, list):
        return [_strip_ids(item) for item in value]
    return value


def comparable(field, value):
    """A value in a form that compares equal when the stored content is the same."""
    if isinstance(field, StreamField):
        if not hasattr(value, "get_prep_value"):
            value = field.to_python(value)
        return _strip_ids(json.loads(json.dumps(field.get_prep_value(value), default=str)))
    if isinstance(field, models.ForeignKey):
        return value.pk if isinstance(value, models.Model) else value
    return value


class SeedContext:
    """Shared state of one `load_seed_content` run, passed to every app's `seed.load()`."""

    def __init__(self, stdout=None, style=None, data_dir=None, verbosity=1, demo=True):
        self.stdout = stdout
        self.style = style
        self.data_dir = Path(data_dir) if data_dir else None
        self.verbosity = verbosity
        self.tallies = OrderedDict()
        self.timings = OrderedDict()
        self.data = {}  # validated records per app label, filled by each app's validate()
        self.finalizers = []  # (label, callable) run after every app has loaded
        self.started = time.monotonic()
        # False: reference data only (sync_reference_data, or load_seed_content on a site with content).
        self.demo = demo
        self.ledger = Ledger()
        # Set by hub.seed: the objects higher layers build on.
        self.locale = None
        self.home = None

    # Data files -------------------------------------------------------------------------------
    def data_file(self, default_dir, name):
        """The file to read: `--data-dir` overrides an app's own copy file by file."""
        if self.data_dir is not None and (self.data_dir / name).exists():
            return self.data_dir / name
        return Path(default_dir) / name

    # Progress ---------------------------------------------------------------------------------
    def write(self, message="", style=None):
        if self.stdout is None or self.verbosity < 1:
            return
        if style and self.style is not None:
            message = getattr(self.style, style)(message)
        self.stdout.write(message)

    def tally(self, section):
        return self.tallies.setdefault(section, Tally())

    def report(self, *sections):
        for section in sections:
            self.write(f"  {section}: {self.tally(section)}")

    def section(self, title):
        return _Section(self, title)

    def defer(self, label, function):
        """Run `function(context)` after every app's loader (site settings, locale trees…)."""
        self.finalizers.append((label, function))

    def run_finalizers(self):
        for label, function in self.finalizers:
            with self.section(label):
                function(self)

    def totals(self):
        total = Tally()
        for tally in self.tallies.values():
            for outcome in ("created", "updated", "unchanged", "kept"):
                setattr(total, outcome, getattr(total, outcome) + getattr(tally, outcome))
        return total

    # Snippets and plain models ----------------------------------------------------------------
    def upsert(self, section, model, lookup, values=None, defaults=None, m2m=None, label=None, reference=False):
        """Get `model` by `lookup`, create or update it; returns the object.

        `m2m` maps a many-to-many field name to the list of objects it should hold. `reference`:
        merge with an editor's changes through the ledger instead of restoring `values`.
        """
        values = values or {}
        m2m = m2m or {}
        obj = model.objects.filter(**lookup).first()
        tally = self.tally(section)
        try:
            if obj is None:
                obj = model(**lookup, **(defaults or {}), **values)
                obj.full_clean()
                obj.save()
                for name, objects in m2m.items():
                    getattr(obj, name).set(objects)
                if reference:
                    self.ledger.record(obj, key_of(lookup), self._wanted(obj, values, m2m), created=True)
                tally.add("created")
                return obj
            if reference:
                updates, kept = self._merge(obj, key_of(lookup), values, m2m)
                if updates:
                    self._apply(obj, updates, values, m2m)
                    obj.full_clean()
                    obj.save()
                self._count(tally, section, label or lookup, updates, kept)
                return obj
            changed = [name for name, value in values.items() if self._differs(obj, name, value)]
            changed_m2m = [name for name, objects in m2m.items() if self._m2m_differs(obj, name, objects)]
            if not changed and not changed_m2m:
                tally.add("unchanged")
                return obj
            for name in changed:
                setattr(obj, name, values[name])
            if changed:
                obj.full_clean()
                obj.save()
            for name in changed_m2m:
                getattr(obj, name).set(m2m[name])
            tally.add("updated")
            return obj
        except ValidationError as error:
            raise SeedError(f"{section}: {label or lookup}: {_format_validation_error(error)}") from error

    # Pages ------------------------------------------------------------------------------------
    def upsert_page(self, section, parent, model, slug, values, m2m=None, label=None, key=None, reference=False):
        """A page of `model` with `slug` under `parent`, published with a revision.

        `key` (e.g. {"identifier": …}) finds the page by a stable field instead of its slug, so
        a page an editor renamed or moved is still recognised. Unchanged pages get no new
        revision; a page an editor has since revised in the admin (latest revision saved by a
        user) is left alone. `reference` (with `key`): merged field by field through the ledger
        instead, and not created again once an editor has deleted it.
        """
        if reference:
            return self._sync_page(section, parent, model, slug, values, m2m or {}, label, key)
        m2m = m2m or {}
        tally = self.tally(section)
        if key:
            existing = model.objects.filter(**key).first()
        else:
            existing = Page.objects.child_of(parent).filter(slug=slug, locale_id=parent.locale_id).first()
        try:
            if existing is None:
                page = model(slug=slug, locale_id=parent.locale_id, **values)
                for name, objects in m2m.items():
                    getattr(page, name).set(objects)
                parent.add_child(instance=page)
                page.save_revision().publish()
                tally.add("created")
                return page
            if existing.specific_class is not model:
                raise SeedError(
                    f"{section}: {label or slug}: the page {existing.url_path} exists but is a "
                    f"{existing.specific_class.__name__}, not a {model.__name__}; rename or remove it"
                )
            page = existing.specific
            latest = page.latest_revision
            if latest is not None and latest.user_id is not None:
                tally.add("kept")
                return page
            changed = [name for name, value in values.items() if self._differs(page, name, value)]
            changed_m2m = [name for name, objects in m2m.items() if self._m2m_differs(page, name, objects)]
            if not changed and not changed_m2m and page.live and not page.has_unpublished_changes:
                tally.add("unchanged")
                return page
            for name in changed:
                setattr(page, name, values[name])
            for name in changed_m2m:
                getattr(page, name).set(m2m[name])
            page.save_revision().publish()
            tally.add("updated")
            return page
        except ValidationError as error:
            raise SeedError(f"{section}: {label or slug}: {_format_validation_error(error)}") from error

    # Reference records: merged with editors' changes ----------------------------------------
    def _sync_page(self, section, parent, model, slug, values, m2m, label, key):
        tally = self.tally(section)
        ledger_key = key_of(key)
        page = model.objects.filter(**key).first()
        try:
            if page is None:
                if self.ledger.was_created(model, ledger_key):
                    self._count(tally, section, label or slug, [], ["deleted"])
                    return None
                page = model(slug=slug, locale_id=parent.locale_id, **values)
                for name, objects in m2m.items():
                    getattr(page, name).set(objects)
                parent.add_child(instance=page)
                page.save_revision().publish()
                self.ledger.record(page, ledger_key, self._wanted(page, values, m2m), created=True)
                tally.add("created")
                return page
            latest = page.latest_revision
            if not page.live or (page.has_unpublished_changes and latest is not None and latest.user_id):
                # Unpublished by an editor, or a draft in progress: the editor's to finish.
                self._count(tally, section, label or slug, [], ["draft or unpublished"])
                return page
            updates, kept = self._merge(page, ledger_key, values, m2m)
            if updates:
                self._apply(page, updates, values, m2m)
                page.save_revision().publish()
            self._count(tally, section, label or slug, updates, kept)
            return page
        except ValidationError as error:
            raise SeedError(f"{section}: {label or slug}: {_format_validation_error(error)}") from error

    def _wanted(self, obj, values, m2m):
        wanted = {name: comparable(obj._meta.get_field(name), value) for name, value in values.items()}
        wanted.update({name: sorted(item.pk for item in objects) for name, objects in m2m.items()})
        return normalise(wanted)

    def _current(self, obj, values, m2m):
        current = {}
        for name in values:
            field = obj._meta.get_field(name)
            raw = getattr(obj, field.attname) if isinstance(field, models.ForeignKey) else getattr(obj, name)
            current[name] = comparable(field, raw)
        current.update({name: sorted(item.pk for item in getattr(obj, name).all()) for name in m2m})
        return normalise(current)

    def _merge(self, obj, ledger_key, values, m2m):
        wanted = self._wanted(obj, values, m2m)
        updates, kept = merge(self._current(obj, values, m2m), wanted, self.ledger.values(type(obj), obj.pk))
        self.ledger.record(obj, ledger_key, wanted, created=False)
        return updates, kept

    @staticmethod
    def _apply(obj, updates, values, m2m):
        for name in updates:
            if name in m2m:
                getattr(obj, name).set(m2m[name])
            else:
                setattr(obj, name, values[name])

    def _count(self, tally, section, label, updates, kept):
        tally.add("updated" if updates else "kept" if kept else "unchanged")
        if kept and self.verbosity >= 2:
            self.write(f"  {section}: {label}: kept as edited ({', '.join(kept)})")

    @staticmethod
    def _differs(obj, name, value):
        field = obj._meta.get_field(name)
        if isinstance(field, models.ForeignKey):
            return getattr(obj, field.attname) != comparable(field, value)
        return comparable(field, getattr(obj, name)) != comparable(field, value)

    @staticmethod
    def _m2m_differs(obj, name, objects):
        return {item.pk for item in getattr(obj, name).all()} != {item.pk for item in objects}


class _Section:
    """Times a section of the run and prints its title."""

    def __init__(self, context, title):
        self.context = context
        self.title = title

    def __enter__(self):
        self.context.write(f"{self.title}…", style="MIGRATE_HEADING")
        self.start = time.monotonic()
        return self

    def __exit__(self, exc_type, exc, traceback):
        elapsed = time.monotonic() - self.start
        self.context.timings[self.title] = elapsed
        if exc_type is None and self.context.verbosity >= 2:
            self.context.write(f"  ({elapsed:.1f} s)")
        return False


def _format_validation_error(error):
    if hasattr(error, "message_dict"):
        return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
    return " ".join(error.messages)
