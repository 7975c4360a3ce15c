"""hub.fields.ChoiceListField: a JSON list restricted to known choices."""

from django import forms
from django.core.exceptions import ValidationError

import pytest

from hub.fields import ChoiceListField
from hub.models import EventPage
from hub.models.languages import UN_LANGUAGES
from library.models import ResourcePage

LANGUAGE_FIELDS = [EventPage._meta.get_field("languages"), ResourcePage._meta.get_field("languages")]


@pytest.mark.parametrize("field", LANGUAGE_FIELDS, ids=["event", "resource"])
class TestLanguageLists:
    def test_known_codes_pass(self, field):
        field.validate(["en", "fr", "zh"], None)
        field.validate([], None)

    @pytest.mark.parametrize("value", [["xx"], ["en", "klingon"], ["EN"], ["zh-hans"], [None], [""]])
    def test_unknown_codes_are_rejected(self, field, value):
        with pytest.raises(ValidationError) as error:
            field.validate(value, None)
        assert "Unknown value" in str(error.value)

    def test_form_field_offers_exactly_the_choices(self, field):
        formfield = field.formfield()
        assert isinstance(formfield, forms.MultipleChoiceField)
        assert [code for code, _label in formfield.choices] == [code for code, _label in UN_LANGUAGES]
        assert formfield.required is False
        with pytest.raises(ValidationError):
            formfield.clean(["xx"])
        assert formfield.clean(["en", "ar"]) == ["en", "ar"]


def test_deconstruct_keeps_the_choices():
    field = ChoiceListField("languages", choices_list=[("a", "A")])
    _name, path, _args, kwargs = field.deconstruct()
    assert path == "hub.fields.ChoiceListField"
    assert kwargs["choices_list"] == [("a", "A")]


def test_full_clean_of_a_page_rejects_unknown_language(tree):
    event = tree.event
    event.languages = ["en", "xx"]
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "languages" in error.value.message_dict


def test_list_round_trips_through_the_database(tree):
    event = EventPage.objects.get(pk=tree.event.pk)
    assert event.languages == ["en", "fr"]
    assert event.get_languages_display() == ["English", "French"]
