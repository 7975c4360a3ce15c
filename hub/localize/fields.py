"""Field kinds for `translatable_fields`, next to wagtail-localize's own.

wagtail-localize knows two kinds: `TranslatableField` (extracted into segments and translated) and
`SynchronizedField` (copied from the source whenever the translation is updated). It cannot copy a
plain Django many-to-many field: `copy_synchronised_fields` would assign to it directly, which
Django refuses. Such relations on our vocabularies are read on the source-locale term only
(`BaseTaxonomy.source_term`), so they are declared `SourceOnlyField`: stated, neither translated
nor copied.
"""

from wagtail_localize.fields import BaseTranslatableField, SynchronizedField, TranslatableField

__all__ = ["SourceOnlyField", "SynchronizedField", "TranslatableField", "fixed"]


class SourceOnlyField(BaseTranslatableField):
    """Kept on the source-locale object only; translations neither translate nor copy it."""

    def __repr__(self):
        return f"<SourceOnlyField {self.field_name}>"


def fixed(*field_names):
    """Synchronised and not overridable: identifiers, slugs, codes and taxonomy links, which must
    be the same in every locale (contracts §2–§4; pages are tagged with source-locale terms)."""
    return [SynchronizedField(name, overridable=False) for name in field_names]
