"""A locale tree aliased in bulk (hub/localize/aliases.py, as the seed does) is what
wagtail-localize's own `synchronize_tree` makes: page for page the same fields, order among
siblings, child rows, many-to-many links, tags, view restrictions and audit-log entries."""

from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.models import Comment, Locale, Page, PageLogEntry, PageViewRestriction
from wagtail_localize.synctree import synchronize_tree

import pytest

from hub.localize.aliases import alias_untranslated_pages, insert_aliases, next_step
from library import factories as lf
from library.models import ResourceAuthor

# What may differ between two locales' aliases of one page: their own keys, tree position and
# locale (the position among siblings and the path below the locale's home are compared instead).
OWN = {"id", "page_ptr_id", "path", "url_path", "locale_id"}


def locale(code):
    return Locale.objects.get(language_code=code)


def rows(model, **lookup):
    """Concrete values of `model`'s rows, ordered by key, without keys and parent links."""
    names = [f.attname for f in model._meta.concrete_fields if not f.primary_key and f.attname not in lookup]
    names = [name for name in names if name not in OWN]
    return [dict(zip(names, values, strict=True)) for values in model.objects.filter(**lookup).values_list(*names)]


def without_own_ids(data):
    """A log entry's data less the ids of the alias and its parent (the source's stay)."""
    return {name: {**value, "id": None} if name in ("page", "destination") else value for name, value in data.items()}


def signature(page, home):
    """Everything an alias holds, in terms two locales' aliases of one page can share."""
    specific = page.specific
    model = type(specific)
    # Fields set to the time of writing (`auto_now`) hold each copy's own moment.
    fields = {
        f.attname: getattr(specific, f.attname)
        for f in model._meta.concrete_fields
        if f.attname not in OWN and not getattr(f, "auto_now", False)
    }
    if page.depth == 2:
        fields.pop("slug")  # under the root a locale's copy is "<slug>-<language>"
    children = {}
    for relation in get_all_child_relations(model):
        children[relation.name] = rows(relation.related_model, **{relation.field.attname: page.pk})
    links = {
        field.name: sorted(getattr(specific, field.name).values_list("pk", flat=True))
        for field in get_all_child_m2m_relations(model)
    }
    restrictions = [
        (r.restriction_type, r.password, sorted(r.groups.values_list("name", flat=True)))
        for r in PageViewRestriction.objects.filter(page=page)
    ]
    logged = [
        (
            entry.action,
            entry.label,
            entry.content_type_id,
            entry.user_id,
            entry.content_changed,
            without_own_ids(entry.data),
        )
        for entry in PageLogEntry.objects.filter(page_id=page.pk).order_by("pk")
    ]
    return {
        "fields": fields,
        "position": page.path[-Page.steplen :] if page.depth > 2 else "",  # homes: after other locales
        "below_home": page.url_path[len(home.url_path) :] if page.depth > 2 else "",
        "numchild": page.numchild,
        "children": children,
        "links": links,
        "restrictions": restrictions,
        "logged": logged,
    }


@pytest.fixture
def varied(tree):
    """The tree with what an alias must carry over: tags and authors, a live page with a draft,
    a password on a page, the participants' group restriction (already in the tree)."""
    tree.resource.tags.add("mercury", "gold")
    ResourceAuthor.objects.create(page=tree.resource, name="UNEP Chemicals and Health Branch", kind="organisation")
    tree.resource.save_revision().publish()
    tree.news.title = "A draft not yet published"
    tree.news.save_revision()
    PageViewRestriction.objects.create(page=tree.standard, restriction_type=PageViewRestriction.PASSWORD, password="x")
    return tree


def test_bulk_aliases_equal_wagtail_localizes_page_for_page(varied):
    english = Locale.get_default()
    synchronize_tree(english, locale("fr"))
    created = alias_untranslated_pages(english, [locale("es")])
    sources = Page.objects.filter(locale=english, depth__gt=1).order_by("path")
    homes = {code: Page.objects.get(locale=locale(code), depth=2) for code in ("fr", "es")}
    assert sum(len(ids) for ids in created.values()) == sources.count() > 15
    compared = 0
    for source in sources:
        french = Page.objects.get(locale=locale("fr"), translation_key=source.translation_key)
        spanish = Page.objects.get(locale=locale("es"), translation_key=source.translation_key)
        assert spanish.alias_of_id == french.alias_of_id == source.pk
        assert signature(spanish, homes["es"]) == signature(french, homes["fr"]), source.url_path
        compared += 1
    assert compared == sources.count()
    assert not any(Page.find_problems())
    # The cases that must really be there for the comparison to mean something.
    news = Page.objects.get(locale=locale("es"), translation_key=varied.news.translation_key)
    assert news.draft_title == news.title != "A draft not yet published" and not news.has_unpublished_changes
    resource = Page.objects.get(locale=locale("es"), translation_key=varied.resource.translation_key).specific
    assert sorted(resource.tags.names()) == ["gold", "mercury"] and resource.authors.count() == 1
    assert Page.objects.get(
        locale=locale("es"), translation_key=varied.standard.translation_key
    ).view_restrictions.get()
    participants = Page.objects.get(locale=locale("es"), translation_key=varied.participants.translation_key)
    assert participants.view_restrictions.get().groups.get().name == "Meeting participants"
    # A second run finds nothing missing.
    assert alias_untranslated_pages(english, [locale("es")]) == {}


def test_a_taken_slug_and_the_models_named_are_left_to_wagtail(varied):
    english, spanish = Locale.get_default(), locale("es")
    for page in (varied.home, varied.library):
        page.copy_for_translation(spanish, alias=True)
    library = Page.objects.get(locale=spanish, translation_key=varied.library.translation_key)
    lf.ResourcePageFactory(parent=library, slug="nap-guidance", identifier="other-page", locale=spanish)
    created = alias_untranslated_pages(english, [spanish], by_wagtail=(type(varied.participants),))
    alias = Page.objects.get(locale=spanish, translation_key=varied.resource.translation_key)
    assert alias.slug == "nap-guidance-1" and alias.alias_of_id == varied.resource.pk
    participants = Page.objects.get(locale=spanish, translation_key=varied.participants.translation_key)
    assert participants.alias_of_id == varied.participants.pk and participants.pk in created[type(varied.participants)]
    assert not any(Page.find_problems())


def test_next_step_is_the_last_childs_step_whatever_lies_below_it(tree):
    home = Page.objects.get(pk=tree.home.pk)
    last_child = home.get_last_child()
    assert home.get_children().filter(numchild__gt=0).exists()  # grandchildren the step must not be read from
    assert next_step(home) == Page.numconv_obj().str2int(last_child.path[-Page.steplen :]) == home.numchild
    meeting = Page.objects.get(pk=tree.meeting.pk)  # one child (the participants' area)
    assert next_step(meeting) == 1
    assert next_step(Page.objects.get(pk=tree.participants.pk)) == 0  # no children


def test_a_page_with_comments_is_refused_not_half_copied(tree, superuser):
    """Comments have replies (child rows of child rows), which the bulk copy does not write."""
    spanish = locale("es")
    for page in (tree.home, tree.news_index):
        page.copy_for_translation(spanish, alias=True)
    Comment.objects.create(page=tree.news, user=superuser, text="Check the date", contentpath="title")
    parent = Page.objects.get(locale=spanish, translation_key=tree.news_index.translation_key)
    before = Page.objects.count()
    with pytest.raises(NotImplementedError, match="Comment has child relations of its own"):
        insert_aliases([tree.news], [(spanish, parent)])
    assert Page.objects.count() == before


def test_a_commented_page_in_a_tree_is_aliased_by_wagtail(tree, superuser):
    Comment.objects.create(page=tree.news, user=superuser, text="Check the date", contentpath="title")
    alias_untranslated_pages(Locale.get_default(), [locale("es")])
    alias = Page.objects.get(locale=locale("es"), translation_key=tree.news.translation_key)
    assert alias.alias_of_id == tree.news.pk
    assert not any(Page.find_problems())
