"""Locale aliases of freshly inserted pages, copied row for row inside the database.

wagtail-localize keeps a synchronised locale's tree as aliases of the source pages: Wagtail's
CreatePageAliasAction copies the page with every field and relation, but its own tree position,
locale and `alias_of`, and no revision. An alias of a page that was just inserted is therefore
a copy of rows already in the database, and is written here with one INSERT … SELECT per table
(base page, specific page, each many-to-many table, each child table) for a whole batch, not
built as Python objects: the pages of five locales cost about what their source cost.

Every concrete column is copied, so a field added to the page model is aliased without a change
here. Child rows that have child rows of their own (a comment's replies) are not supported: a
new page has none, and `insert_aliases` refuses them rather than copying half a page.
"""

from django.db import connections, router
from django.db.models import F
from django.utils import timezone

from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.models import Page

from treebeard.exceptions import PathOverflow

BATCH = 2000  # source pages per statement (three parameters each)


def next_step(parent):
    """The step number of `parent`'s last child (0 if it has none), decoded by treebeard's own
    converter for the tree's alphabet (`MP_Node.numconv_obj()`)."""
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    return Page.numconv_obj().str2int(last[-Page.steplen :]) if last else 0


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

    def pairs_cte(self, rows, names):
        """`WITH pairs(names…) AS (VALUES …)` for value tuples, and its parameters."""
        row = "(" + ", ".join(["%s"] * len(names)) + ")"
        sql = f"WITH pairs({', '.join(names)}) AS (VALUES {', '.join([row] * len(rows))}) "
        return sql, [value for values in rows for value in values]

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
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [*params, *value_params])
            return cursor.fetchall() if returning else None


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
    for locale, parent in alias_parents:
        parent = Page.objects.get(pk=parent.pk)
        depth, step = parent.depth + 1, next_step(parent)
        rows = []
        for source in sources:
            step += 1
            rows.append((source.pk, child_path(parent.path, step), f"{parent.url_path}{source.slug}/"))
        for start in range(0, len(rows), BATCH):
            created.extend(_alias_batch(model, rows[start : start + BATCH], locale, depth, now, relations))
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(rows))
    return created


def _copied_relations(sources):
    """The child relations to copy: those of child models with child relations of their own
    (a comment's replies) only when empty in every source, as they are on a new page."""
    relations = []
    for relation in get_all_child_relations(type(sources[0])):
        if get_all_child_relations(relation.related_model):
            accessor = relation.get_accessor_name()
            if any(getattr(source, accessor).all() for source in sources):
                raise NotImplementedError(f"{relation.related_model.__name__} has child relations of its own")
            continue
        relations.append(relation)
    return relations


def _alias_batch(model, rows, locale, depth, now, relations):
    copier = _Copier(model)
    page_meta = Page._meta
    column = {name: page_meta.get_field(name).column for name in ("path", "url_path", "depth", "numchild")}
    pairs_sql, params = copier.pairs_cte(rows, ["source_id", "path", "url_path"])
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
        },
        returning=[page_meta.pk.column, page_meta.get_field("alias_of").column],
    )
    pairs = [(source_id, alias_id) for alias_id, source_id in returned]
    pairs_sql, params = copier.pairs_cte(pairs, ["source_id", "alias_id"])
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
    return pairs
