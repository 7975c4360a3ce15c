"""Taxonomy pickers offer source-locale terms only.

Pages and resources are tagged with the default locale's terms (hub/models/mixins.py); a French
editor picking the French "Émissions" would tag the page with a term no facet, automatic section
or OAI set reads. So in the admin:

- every many-to-many picker of a page or snippet form (`FieldPanel("thematic_areas")` …) lists
  only source-locale terms, and refuses any other (`SourceLocaleModelMultipleChoiceField`,
  registered for all many-to-many fields; models that are not translatable are left alone);
- foreign keys to a vocabulary (`FieldPanel("area")`, `FieldPanel("resource_type")` …) use the
  vocabulary's snippet chooser, whose modal lists only source-locale terms and has no locale
  filter, and whose form field refuses other terms (`SourceTermChooserViewSet`, set as the
  `chooser_viewset_class` of every vocabulary's SnippetViewSet); `SnippetChooserBlock`s in
  StreamFields use the same modal.
"""

from django import forms
from django.conf import settings
from django.db.models import ForeignKey

from wagtail.admin.forms.models import register_form_field_override
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import TranslatableMixin
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet


def source_locale_only(queryset):
    """`queryset` narrowed to the default locale when its model is translatable (lazy: no query)."""
    if issubclass(queryset.model, TranslatableMixin):
        code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        return queryset.filter(locale__language_code=code)
    return queryset


class SourceLocaleModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def __init__(self, queryset, **kwargs):
        super().__init__(source_locale_only(queryset), **kwargs)


class SourceLocaleModelChoiceField(forms.ModelChoiceField):
    def __init__(self, queryset, **kwargs):
        super().__init__(source_locale_only(queryset), **kwargs)


class _SourceTermsMixin:
    @property
    def i18n_enabled(self):
        return False  # no locale filter: there is only one locale to choose from

    def get_object_list(self):
        return source_locale_only(super().get_object_list())


class SourceTermChooseView(_SourceTermsMixin, ChooseView):
    pass


class SourceTermChooseResultsView(_SourceTermsMixin, ChooseResultsView):
    pass


class SourceTermChooserViewSet(SnippetChooserViewSet):
    """A vocabulary's snippet chooser, limited to source-locale terms."""

    choose_view_class = SourceTermChooseView
    choose_results_view_class = SourceTermChooseResultsView

    def on_register(self):
        super().on_register()
        if self.model and self.register_widget:
            # Replaces the plain {"widget": …} override Wagtail just registered for this model.
            register_form_field_override(
                ForeignKey,
                to=self.model,
                override={"widget": self.widget_class, "form_class": SourceLocaleModelChoiceField},
            )


def register_many_to_many_override():
    from django.db.models import ManyToManyField

    register_form_field_override(ManyToManyField, override={"form_class": SourceLocaleModelMultipleChoiceField})
