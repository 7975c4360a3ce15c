"""factory_boy factories for the library's page types.

`ResourcePageFactory(parent=library_index, resource_type__slug="decision", symbol="MC-5/1")`
makes a decision; taxonomy tags are passed as lists (`thematic_areas=[area]`).
"""

import datetime

import factory

from hub.factories import BasePageFactory, ResourceTypeFactory

from . import models


class LibraryIndexPageFactory(BasePageFactory):
    title = "Library"
    slug = "library"
    intro = "Reports, guidance, decisions and meeting documents."
    show_in_menus = True

    class Meta:
        model = models.LibraryIndexPage


class ResourcePageFactory(BasePageFactory):
    title = factory.Sequence(lambda n: f"Guidance on mercury {n}")
    identifier = factory.Sequence(lambda n: f"test-resource-{n}")
    resource_type = factory.SubFactory(ResourceTypeFactory, slug="report")
    summary = "A plain-text abstract of the resource."
    publication_date = factory.Sequence(lambda n: datetime.date(2020, 1, 1) + datetime.timedelta(days=n))
    date_precision = models.ResourcePage.DatePrecision.DAY
    publisher_name = "UNEP"
    languages = factory.LazyFunction(lambda: ["en"])

    class Meta:
        model = models.ResourcePage
