"""Editors' tools around search: the query log, promoted results and the Search terms report."""

import csv
import datetime
import io
import threading

from django.contrib.auth.models import Group, Permission
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.models import GroupPagePermission, Locale, Page

import pytest

from hub import factories as hf
from search.models import SearchQueryStat
from search.promotions import PromotedLink, promoted_for
from search.querylog import normalise_logged_query, record_search

from .builders import restrict_to_participants

REPORT_URL = "/admin/site-search/terms/"
DAY = datetime.date(2025, 3, 10)


# --- What is logged -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "logged"),
    [
        ("  Mercury   IN\tFish ", "mercury in fish"),
        ("STRASSE Straße", "strasse strasse"),  # casefold, not just lower()
        ("", ""),
        ("   ", ""),
        ("\x00\x07", ""),
        ("contact jane.doe@example.org please", "contact [redacted] please"),
        ("Jane.Doe+tag@Example.ORG,", "[redacted]"),
        ("call +41 22 917 8192 now", "call [redacted] now"),
        ("(555) 123-4567", "[redacted]"),
        ("passport X1234567", "passport x[redacted]"),
        ("756.1234.5678.97", "[redacted]"),
        ("123-45-6789", "[redacted]"),
        ("12345 tonnes", "12345 tonnes"),  # five digits: a quantity, kept
        ("emissions 2010-2020", "emissions 2010-2020"),  # a period of years, kept
        ("inventories 2015 2018 2021", "inventories 2015 2018 2021"),
        ("MC-5/1 decision", "mc-5/1 decision"),
        ("article 8", "article 8"),
    ],
)
def test_normalise_logged_query(raw, logged):
    assert normalise_logged_query(raw) == logged


def test_normalised_query_is_capped_after_redacting():
    long = "mercury " * 40 + "someone@example.org"
    logged = normalise_logged_query(long)
    assert len(logged) <= 200
    assert "@" not in logged and "example" not in logged
    number_at_the_edge = "a" * 195 + " 12345678"
    logged = normalise_logged_query(number_at_the_edge)
    assert len(logged) <= 200
    assert "12345" not in logged, "a cut must never leave part of a number behind"


def test_the_log_has_no_personal_data_columns():
    names = {field.name for field in SearchQueryStat._meta.get_fields()}
    assert names == {"id", "day", "locale", "query", "searches", "zero_result_searches"}


@pytest.mark.django_db
def test_record_search_counts_per_day_and_locale():
    record_search("Mercury in fish", "en", 12, day=DAY)
    record_search("mercury  IN fish", "en", 3, day=DAY)
    record_search("mercury in fish", "fr", 5, day=DAY)
    record_search("mercury in fish", "en", 9, day=DAY + datetime.timedelta(days=1))
    rows = {(r.day, r.locale): r.searches for r in SearchQueryStat.objects.filter(query="mercury in fish")}
    assert rows == {(DAY, "en"): 2, (DAY, "fr"): 1, (DAY + datetime.timedelta(days=1), "en"): 1}
    assert SearchQueryStat.objects.count() == 3


@pytest.mark.django_db
def test_record_search_counts_zero_results():
    record_search("quicksilver", "en", 0, day=DAY)
    record_search("quicksilver", "en", 0, day=DAY)
    record_search("quicksilver", "en", 4, day=DAY)
    row = SearchQueryStat.objects.get(query="quicksilver")
    assert (row.searches, row.zero_result_searches) == (3, 2)


@pytest.mark.django_db
def test_record_search_defaults_to_today_and_skips_browsing():
    record_search("", "en", 50)
    record_search("   ", "en", 50)
    assert not SearchQueryStat.objects.exists()
    assert not Query.objects.exists()
    record_search("gold mining", "en", 1)
    assert SearchQueryStat.objects.get().day == timezone.localdate()


@pytest.mark.django_db
def test_record_search_stores_only_the_redacted_text():
    record_search("mercury jane@example.org 0791234567", "en", 0, day=DAY)
    assert SearchQueryStat.objects.get().query == "mercury [redacted] [redacted]"
    # Wagtail's popularity table gets the same text, never the address.
    assert list(Query.objects.values_list("query_string", flat=True)) == ["mercury [redacted] [redacted]"]


@pytest.mark.django_db
def test_record_search_adds_a_promotions_hit():
    record_search("Gold Mining", "en", 3, day=DAY)
    record_search("gold mining", "fr", 0, day=DAY)
    query = Query.objects.get(query_string="gold mining")
    assert QueryDailyHits.objects.get(query=query, date=DAY).hits == 2
    assert query.hits == 2


@pytest.mark.django_db
def test_record_search_never_fails_the_search(caplog):
    # The test's transaction stands in for a request-wide one; dropping the table inside it is
    # rolled back with the test (DDL is transactional on SQLite and PostgreSQL).
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {SearchQueryStat._meta.db_table}")
    record_search("mercury", "en", 3, day=DAY)  # must not raise
    assert "Could not record a search in the query log" in caplog.text
    # The failure was contained in a savepoint: the transaction is still usable.
    assert Query.objects.get(query_string="mercury").hits == 1


@pytest.mark.django_db
def test_a_search_logged_while_the_database_is_busy_is_dropped_with_one_line(monkeypatch, caplog):
    # An import holding SQLite's write lock: the transaction for the log's rows cannot begin.
    from search import querylog

    def busy(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(querylog, "_record_in_one_statement", lambda *args: False)
    monkeypatch.setattr(querylog.transaction, "atomic", busy)
    record_search("mercury", "en", 3, day=DAY)  # must not raise
    monkeypatch.undo()
    assert "Could not record a search: the database is busy (database is locked)" in caplog.text
    assert "Traceback" not in caplog.text
    assert not SearchQueryStat.objects.filter(query="mercury").exists()


# serialized_rollback: its closing flush then leaves an empty database instead of re-creating
# content types under new ids, which the next serialized test's restore would collide with.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_record_search_counts_every_concurrent_search():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need a server database (run with DATABASE_URL=postgres://…)")
    threads, per_thread = 6, 10
    barrier = threading.Barrier(threads)

    def search():
        try:
            barrier.wait()
            for _ in range(per_thread):
                record_search("race", "en", 0, day=DAY)
        finally:
            connection.close()

    workers = [threading.Thread(target=search) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    row = SearchQueryStat.objects.get(query="race")
    assert (row.searches, row.zero_result_searches) == (threads * per_thread, threads * per_thread)
    assert Query.objects.get(query_string="race").hits == threads * per_thread


# --- Promoted results -----------------------------------------------------------------------


def promote(query_text, *targets):
    query = Query.get(query_text)
    for order, target in enumerate(targets):
        if isinstance(target, Page):
            SearchPromotion.objects.create(query=query, page=target, sort_order=order, description=f"Pick {order}")
        else:
            url, text = target
            SearchPromotion.objects.create(
                query=query, external_link_url=url, external_link_text=text, sort_order=order
            )
    return query


@pytest.mark.django_db
def test_promoted_for_returns_live_pages_in_editor_order(home):
    first = hf.StandardPageFactory(parent=home, title="Mercury and health", slug="health")
    second = hf.StandardPageFactory(parent=home, title="Mercury in fish", slug="fish")
    promote("Mercury", second, first)
    results = promoted_for("  MERCURY ", "en")
    assert [page.pk for page in results] == [second.pk, first.pk]
    assert all(type(page) is type(second) for page in results), "specific pages"
    assert results[0].promotion_description == "Pick 0"
    assert promoted_for("mercury fish", "en") == []
    assert promoted_for("", "en") == []


@pytest.mark.django_db
def test_which_queries_have_promotions_is_cached_and_forgotten_when_editors_change_them(home):
    page = hf.StandardPageFactory(parent=home, title="Mercury and health", slug="health")
    promote("mercury", page)
    assert [found.pk for found in promoted_for("mercury", "en")] == [page.pk]
    with CaptureQueriesContext(connection) as queries:
        assert promoted_for("gold", "en") == []  # a text with no promotion reads nothing
    assert len(queries) == 0
    record_search("gold", "en", 3)  # the query log makes Wagtail's Query row for "gold"
    promote("gold", page)  # an editor promotes the page for it: shown at once
    assert [found.pk for found in promoted_for("gold", "en")] == [page.pk]
    SearchPromotion.objects.filter(query__query_string="gold").delete()
    assert promoted_for("gold", "en") == []
    Query.objects.filter(query_string="mercury").update(query_string="quicksilver")  # no signal
    Query.objects.get(query_string="quicksilver").save()  # an editor renames the query text
    assert promoted_for("mercury", "en") == []
    assert [found.pk for found in promoted_for("quicksilver", "en")] == [page.pk]


@pytest.mark.django_db
def test_promoted_for_skips_unpublished_and_private_pages(home):
    draft = hf.StandardPageFactory(parent=home, title="Draft", slug="draft", live=False)
    private = hf.StandardPageFactory(parent=home, title="Private", slug="private")
    restrict_to_participants(private)
    public = hf.StandardPageFactory(parent=home, title="Public", slug="public")
    promote("mercury", draft, private, public)
    assert [page.pk for page in promoted_for("mercury", "en")] == [public.pk]


@pytest.mark.django_db
def test_promoted_for_uses_the_visitors_translation_or_alias(home):
    french = Locale.objects.get(language_code="fr")
    spanish = Locale.objects.get(language_code="es")
    translated = hf.StandardPageFactory(parent=home, title="Health", slug="health")
    aliased = hf.StandardPageFactory(parent=home, title="Fish", slug="fish")
    untranslated = hf.StandardPageFactory(parent=home, title="Only English", slug="only-english")
    french_page = translated.copy_for_translation(french, copy_parents=True)
    french_page.title = "Santé"
    french_page.save_revision().publish()
    french_alias = aliased.copy_for_translation(french, alias=True)
    promote("mercure", translated, aliased, untranslated)

    french_results = promoted_for("mercure", "fr")
    assert [page.pk for page in french_results] == [french_page.pk, french_alias.pk]
    assert french_results[0].title == "Santé"
    assert french_results[0].promotion_description == "", "the editor's text is in the chosen page's language"
    assert [page.pk for page in promoted_for("mercure", "en")] == [translated.pk, aliased.pk, untranslated.pk]
    assert promoted_for("mercure", "es") == [] and spanish.pk
    assert promoted_for("mercure", "xx") == []


@pytest.mark.django_db
def test_promoted_for_shows_a_page_once(home):
    french = Locale.objects.get(language_code="fr")
    english = hf.StandardPageFactory(parent=home, title="Health", slug="health")
    french_page = english.copy_for_translation(french, copy_parents=True)
    french_page.save_revision().publish()
    promote("mercury", french_page, english, english)
    assert [page.pk for page in promoted_for("mercury", "fr")] == [french_page.pk]


@pytest.mark.django_db
def test_promoted_for_includes_external_links_in_order(home):
    page = hf.StandardPageFactory(parent=home, title="Health", slug="health")
    promote("who", ("https://www.who.int/mercury", "WHO on mercury"), page)
    results = promoted_for("WHO", "fr")  # links are not per language; the page has no French version
    assert results == [PromotedLink(title="WHO on mercury", url="https://www.who.int/mercury", description="")]
    assert results[0].summary == results[0].description
    results = promoted_for("WHO", "en")
    assert isinstance(results[0], PromotedLink) and results[1].pk == page.pk


# --- The Search terms report ----------------------------------------------------------------


@pytest.fixture
def stats(db):
    today = timezone.localdate()
    rows = [
        # (days ago, locale, query, searches, zero-result searches)
        (1, "en", "mercury", 10, 0),
        (2, "en", "mercury", 5, 1),
        (2, "fr", "mercure", 7, 0),
        (3, "en", "quicksilver", 3, 3),
        (3, "fr", "mercure dentaire", 2, 2),
        (40, "en", "old query", 50, 50),  # outside the default 30 days
        (5, "en", "=HYPERLINK(1)", 1, 1),
        (6, "en", "<script>alert(1)</script>", 1, 0),
    ]
    for days_ago, locale, query, searches, zero in rows:
        SearchQueryStat.objects.create(
            day=today - datetime.timedelta(days=days_ago),
            locale=locale,
            query=query,
            searches=searches,
            zero_result_searches=zero,
        )
    return today


def read_csv(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def section(html, table):
    start = html.index(f'data-search-terms-table="{table}"')
    end = html.find("data-search-terms-table=", start + 30)
    return html[start : end if end != -1 else len(html)]


@pytest.mark.django_db
def test_report_is_in_the_reports_menu(editor_client, site):
    response = editor_client.get(reverse("wagtailadmin_home"))
    html = response.content.decode()
    assert REPORT_URL in html
    assert reverse("site_search_terms_report") == REPORT_URL
    # Wagtail's own "Search terms" report (no languages, no zero results) is taken out of the menu.
    assert reverse("wagtailsearchpromotions:search_terms") not in html


@pytest.mark.django_db
def test_report_lists_top_and_zero_result_queries_for_the_default_period(editor_client, stats):
    response = editor_client.get(REPORT_URL)
    assert response.status_code == 200
    html = response.content.decode()
    first = stats - datetime.timedelta(days=29)
    assert response.context["period"] == (first, stats)
    top = [row["query"] for row in response.context["object_list"]]
    assert top[:3] == ["mercury", "mercure", "quicksilver"]
    assert "old query" not in html
    zero = [(row["query"], row["total_zero"]) for row in response.context["zero_page"].object_list]
    assert zero == [("quicksilver", 3), ("mercure dentaire", 2), ("mercury", 1), ("=HYPERLINK(1)", 1)]
    assert "mercure dentaire" in section(html, "zero") and "mercure dentaire" in section(html, "top")
    assert "&lt;script&gt;" in html and "<script>alert(1)</script>" not in html


@pytest.mark.django_db
def test_report_period_and_locale_filters(editor_client, stats):
    params = {
        "date_from": (stats - datetime.timedelta(days=45)).isoformat(),
        "date_to": (stats - datetime.timedelta(days=2)).isoformat(),
        "locale": "en",
    }
    response = editor_client.get(REPORT_URL, params)
    rows = {row["query"]: row["total_searches"] for row in response.context["object_list"]}
    assert rows == {
        "old query": 50,
        "mercury": 5,
        "quicksilver": 3,
        "=HYPERLINK(1)": 1,
        "<script>alert(1)</script>": 1,
    }
    response = editor_client.get(REPORT_URL, {"locale": "fr"})
    assert [row["query"] for row in response.context["object_list"]] == ["mercure", "mercure dentaire"]
    assert "Français" in response.content.decode()


@pytest.mark.django_db
def test_report_exports_csv_of_either_table(editor_client, stats):
    rows = read_csv(editor_client.get(REPORT_URL, {"export": "csv", "table": "top", "locale": "en"}))
    assert rows[0] == ["Search text", "Searches", "Zero-result searches", "Zero-result share (%)", "Last searched"]
    mercury = next(row for row in rows if row[0] == "mercury")
    assert mercury[1:4] == ["15", "1", "6.7"]
    assert mercury[4] == (stats - datetime.timedelta(days=1)).isoformat()
    assert "'=HYPERLINK(1)" in [row[0] for row in rows], "formula-like text is neutralised"
    assert "mercure" not in [row[0] for row in rows]

    response = editor_client.get(REPORT_URL, {"export": "csv", "table": "zero"})
    assert "search-terms-zero-all-" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == ["Search text", "Zero-result searches", "Searches", "Last searched"]
    assert [row[:3] for row in rows[1:]] == [
        ["quicksilver", "3", "3"],
        ["mercure dentaire", "2", "2"],
        ["mercury", "1", "15"],  # ties: the more searched first
        ["'=HYPERLINK(1)", "1", "1"],
    ]


@pytest.mark.django_db
def test_report_exports_xlsx(editor_client, stats):
    response = editor_client.get(REPORT_URL, {"export": "xlsx", "table": "zero"})
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]


@pytest.mark.django_db
def test_report_paginates_each_table_on_its_own(editor_client, db):
    for n in range(30):
        SearchQueryStat.objects.create(
            day=timezone.localdate(), locale="en", query=f"query {n:02d}", searches=100 - n, zero_result_searches=1
        )
    response = editor_client.get(REPORT_URL, {"p": "2", "pz": "1"})
    assert len(response.context["object_list"]) == 5
    assert len(response.context["zero_page"].object_list) == 25
    response = editor_client.get(REPORT_URL, {"pz": "not-a-number"})
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "2025-02-30"},
        {"date_from": "yesterday"},
        {"date_to": "99999-01-01"},
        {"date_from": "2025-05-01", "date_to": "2025-04-01"},
        {"locale": "xx"},
        {"date_from": "not a date", "export": "csv", "table": "top"},
    ],
)
def test_report_rejects_bad_input_with_a_form_error(editor_client, stats, params):
    response = editor_client.get(REPORT_URL, params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html"), "never a file for a bad period"
    assert response.context["form"].errors
    html = response.content.decode()
    assert "data-search-terms-error" in html and "error-message" in html


@pytest.mark.django_db
def test_report_accepts_the_earliest_day(editor_client, stats):
    # The default 30 days before 1 January of year 1 do not exist: the period starts there.
    response = editor_client.get(REPORT_URL, {"date_to": "0001-01-01"})
    assert response.status_code == 200
    assert response.context["period"] == (datetime.date.min, datetime.date.min)
    assert not response.context["object_list"]


@pytest.mark.django_db
def test_report_is_refused_without_the_permission(client, django_user_model, stats, site):
    editors = Group.objects.create(name="Search editors")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(group=editors, page=site.root_page, permission_type="change")
    user = django_user_model.objects.create_user("plain-editor", "plain@example.org", "pw")
    user.groups.add(editors)
    client.force_login(user)
    response = client.get(REPORT_URL)
    assert response.status_code in (302, 403)
    assert client.get(REPORT_URL, {"export": "csv"}).status_code in (302, 403)
    assert REPORT_URL not in client.get(reverse("wagtailadmin_home")).content.decode()

    editors.permissions.add(Permission.objects.get(codename="view_searchquerystat"))
    user = django_user_model.objects.get(pk=user.pk)  # drop the cached permissions
    client.force_login(user)
    assert client.get(REPORT_URL).status_code == 200
    assert REPORT_URL in client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.django_db
def test_report_permission_can_be_given_to_a_group(editor_client, site):
    permission = Permission.objects.get(codename="view_searchquerystat")
    html = editor_client.get(reverse("wagtailusers_groups:add")).content.decode()
    assert f'name="permissions" value="{permission.pk}"' in html
