"""Locale aliases of pages, copied row for row inside the database.

wagtail-localize keeps a synchronised locale's tree as aliases of the source pages: Wagtail's
CreatePageAliasAction copies the page with every field and relation, but its own tree position,
locale and `alias_of`, its draft title (the title) and no revision. An alias is therefore a copy
of rows already in the database, and is written here with one INSERT … SELECT per table (base
page, specific page, each many-to-many table, each child table) for a batch of pages, not built
as Python objects: the pages of five locales cost about what their source cost.

- `insert_aliases`: freshly inserted pages of one model under one parent (the importer, the
  generated volume data);
- `alias_untranslated_pages`: a whole locale tree, as wagtail-localize's `synchronize_tree`
  aliases it (the seed), with the audit-log entries and view restrictions Wagtail's action adds.

Every concrete column is copied, so a field added to the page model is aliased without a change
here. Child rows that have child rows of their own (a comment's replies) are not supported: a
new page has none, and `insert_aliases` refuses them rather than copying half a page.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.db.models import F
from django.utils import timezone

from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.log_actions import get_active_log_context
from wagtail.models import Comment, Page, PageLogEntry, PageViewRestriction

from treebeard.exceptions import PathOverflow

from hub.bulk_sql import execute_bound, values_cte

BATCH = 2000  # source pages a batch (their rows for every locale copied together)
PAIRS = 12_000  # (source, alias) pairs in one statement: six locales' aliases of a batch


def next_step(parent):
    """The step number of `parent`'s last child (0 if it has none), decoded by treebeard's own
    converter for the tree's alphabet (`MP_Node.numconv_obj()`).

    Read from the last of the parent's descendants in path order (one step back along the
    unique path index: the path column compares byte by byte, collation "C" on PostgreSQL),
    whose path begins with the last child's. Filtering the children by depth instead read every
    descendant (100,000 resources under the library) each time a batch was added.
    """
    # Every descendant's path is the parent's followed by characters of the alphabet (0-9A-Z),
    # all below "~": the descendants are exactly the paths between the two.
    last = (
        Page.objects.filter(path__gt=parent.path, path__lt=f"{parent.path}~")
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    if last is None:
        return 0
    return Page.numconv_obj().str2int(last[len(parent.path) : len(parent.path) + Page.steplen])


def child_path(parent_path, step):
    """The materialised path of the child number `step` under `parent_path`, as treebeard writes
    it: the step in the tree's alphabet, left-padded to `steplen`."""
    key = Page.numconv_obj().int2str(step)
    if len(key) > Page.steplen:
        raise PathOverflow(f"A page under {parent_path!r} cannot have more than {step - 1} children.")
    return f"{parent_path}{key.rjust(Page.steplen, Page.alphabet[0])}"


def concrete_chain(model):
    """The concrete models under Page that `model` inherits from, top first, then `model`."""
    chain = [model]
    while True:
        parents = [parent for parent in chain[0]._meta.parents if parent is not Page]
        if not parents:
            return chain
        chain.insert(0, parents[0])


class _Copier:
    """INSERT … SELECT statements copying rows of one batch of sources to their aliases."""

    def __init__(self, model):
        self.connection = connections[router.db_for_write(model)]
        self.quote = self.connection.ops.quote_name

    def pairs_cte(self, rows, columns):
        """`WITH pairs(…) AS (…)` for value tuples, and its parameters (hub.bulk_sql)."""
        return values_cte(self.connection, "pairs", columns, rows)

    def copy(self, model, pairs_sql, params, *, key, replace, order=None, returning=None):
        """Copy the rows of `model` whose column `key` names a source to the aliases.

        `replace` maps column names to SQL expressions (over `s`, the source row, and `pairs`)
        with their parameters; every other column of the table but the primary key is copied.
        """
        meta = model._meta
        quote = self.quote
        columns, values, value_params = [], [], []
        for field in meta.local_concrete_fields:
            if field.primary_key and field.column not in replace:
                continue
            columns.append(quote(field.column))
            if field.column in replace:
                expression, expression_params = replace[field.column]
                values.append(expression)
                value_params.extend(expression_params)
            else:
                values.append(f"s.{quote(field.column)}")
        table = quote(meta.db_table)
        # Only the quoted names of the model's table and columns are interpolated.
        sql = (
            f"{pairs_sql}INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
            f"SELECT {', '.join(values)} FROM {table} s JOIN pairs ON s.{quote(key)} = pairs.source_id"
        )
        if order:
            sql += f" ORDER BY {order}"
        if returning:
            sql += f" RETURNING {', '.join(quote(column) for column in returning)}"
        return execute_bound(self.connection, sql, [*params, *value_params], fetch=bool(returning))


def insert_aliases(sources, alias_parents, now=None):
    """Alias freshly inserted pages under their parent's counterpart in each synchronised locale.

    `sources`: saved specific pages of one model, just inserted under one parent, with no
    children of their own. `alias_parents` is [(locale, parent page in that locale)]. Every
    alias points at its source page (wagtail-localize would alias an alias for a locale
    synchronised from a non-source locale; here every locale follows the source directly).
    Returns [(source id, alias id)].
    """
    if not sources or not alias_parents:
        return []
    model = type(sources[0])
    relations = _copied_relations(sources)
    now = now or timezone.now()
    created = []
    for start in range(0, len(sources), BATCH):
        batch = sources[start : start + BATCH]
        # The base page rows locale by locale (each under its own parent), then every other
        # table's rows for all of them at once: a statement per table, not per table and locale.
        pairs = []
        for locale, parent in alias_parents:
            parent = Page.objects.get(pk=parent.pk)
            depth, step = parent.depth + 1, next_step(parent)
            rows = []
            for source in batch:
                step += 1
                rows.append((source.pk, child_path(parent.path, step), f"{parent.url_path}{source.slug}/"))
            pairs.extend(_alias_page_rows(model, rows, locale, depth))
            Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(rows))
        for first in range(0, len(pairs), PAIRS):
            _alias_rows(model, pairs[first : first + PAIRS], now, relations)
        created.extend(pairs)
    return created


def _copied_relations(sources):
    """The child relations to copy: those of child models with child relations of their own
    (a comment's replies) only when empty in every source, as they are on a new page."""
    relations = []
    for relation in get_all_child_relations(type(sources[0])):
        if get_all_child_relations(relation.related_model):
            lookup = {f"{relation.field.name}__in": [source.pk for source in sources]}
            if relation.related_model._default_manager.filter(**lookup).exists():  # one query a batch
                raise NotImplementedError(f"{relation.related_model.__name__} has child relations of its own")
            continue
        relations.append(relation)
    return relations


def _alias_page_rows(model, rows, locale, depth):
    """The base `wagtailcore_page` rows of one locale's aliases; [(source id, alias id)]."""
    copier = _Copier(model)
    page_meta = Page._meta
    column = {name: page_meta.get_field(name).column for name in ("path", "url_path", "depth", "numchild")}
    pairs_sql, params = copier.pairs_cte(rows, [("source_id", "integer"), ("path", "text"), ("url_path", "text")])
    returned = copier.copy(
        Page,
        pairs_sql,
        params,
        key=page_meta.pk.column,
        replace={
            column["path"]: ("pairs.path", []),
            column["url_path"]: ("pairs.url_path", []),
            column["depth"]: ("%s", [depth]),
            column["numchild"]: ("0", []),
            page_meta.get_field("locale").column: ("%s", [locale.pk]),
            page_meta.get_field("alias_of").column: (f"s.{copier.quote(page_meta.pk.column)}", []),
            page_meta.get_field("latest_revision").column: ("NULL", []),
            # As CreatePageAliasAction: an alias has no draft of its own.
            page_meta.get_field("draft_title").column: (f"s.{copier.quote(page_meta.get_field('title').column)}", []),
            page_meta.get_field("has_unpublished_changes").column: (
                f"NOT s.{copier.quote(page_meta.get_field('live').column)}",
                [],
            ),
        },
        returning=[page_meta.pk.column, page_meta.get_field("alias_of").column],
    )
    return [(source_id, alias_id) for alias_id, source_id in returned]


def _alias_rows(model, pairs, now, relations):
    """The specific, many-to-many and child rows of aliases whose base rows are written."""
    copier = _Copier(model)
    pairs_sql, params = copier.pairs_cte(pairs, [("source_id", "integer"), ("alias_id", "integer")])
    for concrete in concrete_chain(model):
        meta = concrete._meta
        replace = {meta.pk.column: ("pairs.alias_id", [])}
        for field in meta.local_concrete_fields:
            if getattr(field, "auto_now", False):
                replace[field.column] = ("%s", [field.get_db_prep_save(now, copier.connection)])
        copier.copy(concrete, pairs_sql, params, key=meta.pk.column, replace=replace)
    for field in get_all_child_m2m_relations(model):
        through = field.remote_field.through
        source = through._meta.get_field(field.m2m_field_name()).column
        copier.copy(through, pairs_sql, params, key=source, replace={source: ("pairs.alias_id", [])})
    for relation in relations:
        related = relation.related_model
        parent_key = relation.field.column
        # In the sources' order, so the copies' keys rise as their originals' do.
        order = f"pairs.alias_id, s.{copier.quote(related._meta.pk.column)}"
        copier.copy(
            related, pairs_sql, params, key=parent_key, replace={parent_key: ("pairs.alias_id", [])}, order=order
        )


def alias_untranslated_pages(source_locale, locales, *, by_wagtail=(), now=None):
    """Alias every page of `source_locale` that has no counterpart yet in each of `locales`.

    What wagtail-localize's `synchronize_tree` makes, page for page: an alias of the source under
    its parent's counterpart (translation or alias) in the locale, after its existing children
    and in its source's order among its siblings, with its audit-log entries ("wagtail.create",
    "wagtail.create_alias") and the source's own view restrictions when the new parent has none. The tree is walked a
    depth at a time, so parents are aliased before their children; a parent's consecutive new
    children of one model are copied in one batch (`insert_aliases`).

    Wagtail's own `copy_for_translation` makes the few others: pages under the tree root (their
    slug takes the language code), pages whose parent has no counterpart, pages whose slug is
    taken under the new parent, pages with comments, and pages of the models in `by_wagtail`
    (whose save has side effects of its own). Returns {specific model: [alias ids]}.
    """
    now = now or timezone.now()
    sources = list(
        Page.objects.filter(locale=source_locale, depth__gt=1)
        .order_by("path")
        .values_list("pk", "path", "depth", "translation_key", "content_type_id", "slug")
    )
    key_at = {path: key for _, path, _, key, _, _ in sources}
    created = defaultdict(list)
    for locale in locales:
        present = dict(Page.objects.filter(locale=locale).values_list("translation_key", "pk"))
        missing = [source for source in sources if source[3] not in present]
        for depth in sorted({source[2] for source in missing}):
            siblings = defaultdict(list)  # parent's key -> its missing children, in path order
            for source in missing:
                if source[2] == depth:
                    siblings[key_at.get(source[1][: -Page.steplen])].append(source)
            for parent_key, children in siblings.items():
                parent_id = present.get(parent_key)
                taken = _child_slugs(parent_id) if parent_id else set()
                taken |= _commented(children)  # the bulk copy refuses comments; Wagtail copies them
                for model, run, in_bulk in _runs(children, parent_id, taken, by_wagtail):
                    if in_bulk:
                        for alias_id, key in _alias_in_bulk(model, run, locale, parent_id, now):
                            present[key] = alias_id
                            created[model].append(alias_id)
                        continue
                    for source in run:
                        page = Page.objects.get(pk=source[0]).specific
                        alias = page.copy_for_translation(locale, copy_parents=True, alias=True)
                        created[type(alias)].append(alias.pk)
                    # copy_parents may have aliased ancestors too
                    present = dict(Page.objects.filter(locale=locale).values_list("translation_key", "pk"))
    return dict(created)


def _runs(children, parent_id, taken, by_wagtail):
    """(model, consecutive sources, in bulk?) in the children's order: a run ends where the model
    changes or a page must be aliased by Wagtail, so the siblings keep their order."""
    runs = []
    for source in children:
        model = ContentType.objects.get_for_id(source[4]).model_class()
        in_bulk = parent_id is not None and model not in by_wagtail and source[5] not in taken
        if runs and runs[-1][0] is model and runs[-1][2] == in_bulk:
            runs[-1][1].append(source)
        else:
            runs.append((model, [source], in_bulk))
    return runs


def _commented(children):
    """The slugs of the sources with comments (their replies are rows the bulk copy cannot write)."""
    ids = [source[0] for source in children]
    commented = set(Comment.objects.filter(page_id__in=ids).values_list("page_id", flat=True))
    return {source[5] for source in children if source[0] in commented}


def _child_slugs(parent_id):
    """The slugs of the new parent's children: a source with one of them gets another from Wagtail."""
    parent = Page.objects.get(pk=parent_id)
    return set(Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).values_list("slug", flat=True))


def _alias_in_bulk(model, group, locale, parent_id, now):
    """Alias one parent's sources of one model under `parent_id`; [(alias id, translation key)]."""
    keys = {source[0]: source[3] for source in group}
    pages = list(model.objects.filter(pk__in=keys).order_by("path"))
    parent = Page.objects.get(pk=parent_id)
    pairs = insert_aliases(pages, [(locale, parent)], now=now)
    alias_of = {alias_id: source_id for source_id, alias_id in pairs}
    _log_created(model, alias_of, pages[0].get_parent(), parent, now)
    _copy_view_restrictions(alias_of, parent)
    return [(alias_id, keys[source_id]) for source_id, alias_id in pairs]


def _log_created(model, alias_of, source_parent, parent, now):
    """The entries CreatePageAliasAction writes, in one INSERT for the batch: the new page's
    "wagtail.create" (by the page's owner, as `Page.save` logs it), then "wagtail.create_alias"."""
    context = get_active_log_context()
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    source = {"id": source_parent.pk, "title": source_parent.specific_deferred.get_admin_display_title()}
    destination = {"id": parent.pk, "title": parent.specific_deferred.get_admin_display_title()}
    entries = []
    for alias in model.objects.filter(pk__in=alias_of).select_related("owner").order_by("pk"):
        title = alias.get_admin_display_title()
        entries.append(
            PageLogEntry(
                content_type=content_type,
                label=title,
                action="wagtail.create",
                timestamp=now,
                data={},
                user=context.user or alias.owner,
                uuid=context.uuid,
                content_changed=True,
                page_id=alias.pk,
            )
        )
        entries.append(
            PageLogEntry(
                content_type=content_type,
                label=title,
                action="wagtail.create_alias",
                timestamp=now,
                data={"page": {"id": alias.pk, "title": title}, "source": source, "destination": destination},
                user=context.user,
                uuid=context.uuid,
                page_id=alias.pk,
            )
        )
    PageLogEntry.objects.bulk_create(entries)


def _copy_view_restrictions(alias_of, parent):
    """A source's own view restrictions follow into its alias unless the new parent (or one of its
    ancestors) restricts it already, as CreatePageAliasAction does."""
    restrictions = PageViewRestriction.objects.filter(page_id__in=alias_of.values()).prefetch_related("groups")
    by_source = defaultdict(list)
    for restriction in restrictions:
        by_source[restriction.page_id].append(restriction)
    if not by_source or parent.get_view_restrictions().exists():
        return
    for alias_id, source_id in alias_of.items():
        for restriction in by_source[source_id]:
            copy = PageViewRestriction(
                restriction_type=restriction.restriction_type, password=restriction.password, page_id=alias_id
            )
            copy.save()
            copy.groups.set(restriction.groups.all())
