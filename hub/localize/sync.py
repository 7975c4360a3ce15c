"""Taxonomy links follow the source page into its translations.

Pages are tagged with source-locale terms (hub/models/mixins.py `TaxonomyFields`), and a
translation carries the same terms as its source. Wagtail's alias sync already copies every
field, parental many-to-many ones included, into aliases when the source is published.
wagtail-localize only copies synchronised fields when a translation is updated from its source,
and then from the source as it was when last submitted for translation, and never clears a
relation the source emptied. So, on every publish:

- a source-locale page pushes its taxonomy links (the non-overridable synchronised relations of
  its `translatable_fields`: parental many-to-many tags, foreign keys to vocabulary terms, free
  keywords) into each of its translations: the live row, and the pending draft when there is one;
- a translation pulls them from its live source, so publishing an older translated revision
  cannot bring back links the source has dropped.

No revision is published by this: the links are facts of the source, not the translator's text.
"""

from django.db import models

from modelcluster.fields import ParentalManyToManyField
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, get_translatable_fields

from taggit.managers import TaggableManager


def taxonomy_fields(model):
    """Names of the relations that follow the source: fixed (non-overridable) synchronised
    relations to vocabularies (many-to-many, foreign keys to non-page translatable models, tags)."""
    names = []
    for declared in get_translatable_fields(model):
        if not isinstance(declared, SynchronizedField) or declared.overridable:
            continue
        field = model._meta.get_field(declared.field_name)
        if isinstance(field, ParentalManyToManyField | TaggableManager) or (
            isinstance(field, models.ForeignKey)
            and issubclass(field.related_model, TranslatableMixin)
            and not issubclass(field.related_model, Page)
        ):
            names.append(field.name)
    return names


def _value(obj, name):
    field = obj._meta.get_field(name)
    if isinstance(field, TaggableManager):
        return sorted(tag.name for tag in getattr(obj, name).all())
    if isinstance(field, ParentalManyToManyField):
        return sorted(item.pk for item in getattr(obj, name).all())
    return getattr(obj, field.attname)


def _apply(obj, wanted):
    """Set the wanted values on `obj` in memory; returns the `update_fields` names that changed."""
    changed = []
    for name, value in wanted.items():
        if _value(obj, name) == value:
            continue
        field = obj._meta.get_field(name)
        if isinstance(field, TaggableManager):
            getattr(obj, name).set(value)
            changed.append(_child_relation_of_tags(obj, field))
        elif isinstance(field, ParentalManyToManyField):
            # Instances, not primary keys: modelcluster ignores keys on a relation already loaded.
            getattr(obj, name).set(list(field.related_model._default_manager.filter(pk__in=value)))
            changed.append(name)
        else:
            setattr(obj, field.attname, value)
            changed.append(field.attname)
    return changed


def _child_relation_of_tags(obj, field):
    """modelcluster commits a ClusterTaggableManager through its through model's child relation."""
    through = field.remote_field.through
    for relation in obj._meta.related_objects:
        if relation.related_model is through:
            return relation.get_accessor_name()
    return field.name


def copy_taxonomy(source, target, names):
    """Give `target` (a translation) the source's taxonomy links; True when anything changed."""
    wanted = {name: _value(source, name) for name in names}
    changed = _apply(target, wanted)
    if changed:
        target.save(update_fields=changed, clean=False)
    draft_changed = False
    if target.has_unpublished_changes and target.latest_revision_id:
        draft = target.latest_revision.as_object()
        if _apply(draft, wanted):
            draft.save_revision(user=target.latest_revision.user, clean=False, changed=False)
            draft_changed = True
    return bool(changed) or draft_changed


def translations_of(page):
    """The translated (not alias) pages of `page` in the other locales."""
    return (
        page.specific_class.objects.filter(translation_key=page.translation_key, alias_of__isnull=True)
        .exclude(locale_id=page.locale_id)
        .order_by("pk")
    )


def follow_source_taxonomy(sender, instance, **kwargs):
    """page_published receiver (connected in hub/apps.py)."""
    if kwargs.get("alias") or getattr(instance, "alias_of_id", None):
        return  # Wagtail's alias sync copies every field already
    if kwargs.get("new_in_bulk"):
        return  # a page the importer just created has no translation to follow it yet
    page = instance.specific if type(instance) is Page else instance
    names = taxonomy_fields(type(page))
    if not names:
        return
    default = Locale.get_default()
    if page.locale_id == default.pk:
        for target in translations_of(page):
            copy_taxonomy(page, target, names)
        return
    source = page.specific_class.objects.filter(translation_key=page.translation_key, locale=default).live().first()
    if source is not None:
        fresh = page.specific_class.objects.get(pk=page.pk)
        copy_taxonomy(source, fresh, names)
