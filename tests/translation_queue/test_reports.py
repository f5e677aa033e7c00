"""Reports → Translation figures and Translation status, on a known fixture.

Two English profiles, translated and approved through the queue:
- "Quokka Habitat Trust" (tian): title 3 words, summary 7, body 9 — all new (19 words, 38 Chinese characters);
  approved two weeks ago.
- "Wombat Burrow Survey Office" (tao): title 4 words new; summary 8 words, 94 % like the trust's summary: fuzzy;
  body the trust's body word for word: exact (9 words). 21 words, 42 characters.
- Then the trust's summary is reworded (8 words, 90 % like its approved English): out of date, synced,
  translated (16 characters) and approved again: 8 fuzzy words for tian; the unchanged segments do not count.
Rates (settings): new 0.12, fuzzy 0.06, exact 0.02 per English word.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page
from wagtail_localize.synctree import create_aliases_for_new_page

from cms.translation_queue import drafts, figures, signals, work
from cms.translation_queue.models import TranslatedSegment, TranslationTask
from orgs.models import OrganizationPage
from tests.translation_queue.conftest import make_user, task_for, warnings_shown

FIGURES = "/admin/translation-queue/reports/figures/"
GRID = "/admin/translation-queue/reports/status/"

TRUST_SUMMARY = "An institute studying quokkas on Rottnest Island."
BODY = "The institute publishes annual field reports about marsupial populations."
CHINESE = {
    "Quokka Habitat Trust": "短尾袋鼠保护会",  # 7 characters
    TRUST_SUMMARY: "研究罗特尼斯岛短尾袋鼠的机构。",  # 14
    BODY: "该所每年发布有袋动物种群的实地报告。",  # 17
    "Wombat Burrow Survey Office": "袋熊洞穴调查办公室",  # 9
    "An institute studying quokkas on Rottnest Island today.": "如今研究罗特尼斯岛短尾袋鼠的机构。",  # 16
    "An institute that studies quokkas on Rottnest Island.": "一家研究罗特尼斯岛短尾袋鼠的机构。",  # 16
}


def publish_profile(seeded, editor, commit, title, slug, summary):
    index = Page.objects.get(locale=seeded["en"], slug="organizations")
    page = OrganizationPage(title=title, slug=slug, summary=summary, body=[("paragraph", f"<p>{BODY}</p>")])
    index.add_child(instance=page)
    create_aliases_for_new_page(page)
    with commit():
        page.save_revision(user=editor).publish(user=editor)
    return page


def translate(task, commit, user):
    """The translator's PO file: every segment in CHINESE (as the queue's upload does)."""
    translation = drafts.ensure_translation(task)
    po = translation.export_po()
    for entry in po:
        entry.msgstr = CHINESE[entry.msgid]
    # The queue refreshes progress once per transaction (signals.string_translation_changed). This test's
    # transaction never commits and captured callbacks stay listed after they ran, so a later import would
    # join a batch that already ran: start a new one, as the next transaction would.
    signals._pending.batch = None
    with commit():
        translation.import_po(po, user=user)


def approve(task, reviewer):
    work.approve_and_publish(task, reviewer, acknowledged=warnings_shown(task))


def translated_and_approved(task, translator, reviewer, commit):
    work.claim(task, translator)
    translate(task, commit, translator)
    work.submit_for_review(task, translator)
    approve(task, reviewer)


@pytest.fixture
def known(seeded, people, commit):
    zh = seeded["zh"]
    trust = publish_profile(seeded, people["editor"], commit, "Quokka Habitat Trust", "qht", TRUST_SUMMARY)
    translated_and_approved(task_for(trust, zh), people["translator"], people["reviewer"], commit)
    two_weeks_ago = timezone.now() - datetime.timedelta(days=14)
    TranslatedSegment.objects.filter(task=task_for(trust, zh)).update(approved_at=two_weeks_ago)

    office = publish_profile(
        seeded,
        people["editor"],
        commit,
        "Wombat Burrow Survey Office",
        "wbso",
        "An institute studying quokkas on Rottnest Island today.",
    )
    translated_and_approved(task_for(office, zh), people["other_translator"], people["reviewer"], commit)

    trust = OrganizationPage.objects.get(pk=trust.pk)
    trust.summary = "An institute that studies quokkas on Rottnest Island."
    with commit():
        trust.save_revision(user=people["editor"]).publish(user=people["editor"])
    task = task_for(trust, zh)
    assert (task.state, task.changed_segments) == ("out_of_date", 1)
    work.sync_with_source(task, people["translator"])
    translate(task, commit, people["translator"])
    work.submit_for_review(task, people["translator"])
    approve(task, people["reviewer"])
    return {"trust": trust, "office": office}


def figures_page(client, user, **params):
    client.force_login(user)
    response = client.get(FIGURES, params)
    assert response.status_code == 200
    return response


def table(html, table_id):
    """The rows of one figures table as lists of cell texts."""
    body = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S).group(0)
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = [
            re.sub(r"<[^>]+>|\s+", " ", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        rows.append(cells)
    return rows


def whole_period():
    today = timezone.localdate()
    return {"start": (today - datetime.timedelta(days=30)).isoformat(), "end": today.isoformat()}


# --- what an approval counts ----------------------------------------------------------------------------


def test_each_approved_segment_is_counted_once_with_its_band(known):
    rows = sorted(
        (translator, path.split(".")[0], band, words, characters)
        for translator, path, band, words, characters in TranslatedSegment.objects.values_list(
            "translator__username", "path", "band", "source_words", "target_characters"
        )
    )
    assert rows == [
        ("tao", "body", "exact", 9, 17),  # the trust's body, word for word
        ("tao", "summary", "fuzzy", 8, 16),  # 94 % like the trust's summary
        ("tao", "title", "new", 4, 9),
        ("tian", "body", "new", 9, 17),
        ("tian", "summary", "fuzzy", 8, 16),  # the reworded summary, 90 % like its approved English
        ("tian", "summary", "new", 7, 14),
        ("tian", "title", "new", 3, 7),
    ]
    # The re-approval counted only the changed segment: the trust's title and body once each.
    assert TranslatedSegment.objects.filter(translator__username="tian", path="title").count() == 1


# --- the figures page ---------------------------------------------------------------------------------------


def test_reviewer_sees_words_characters_bands_and_cost_per_language_and_translator(known, people):
    html = figures_page(Client(), people["reviewer"], **whole_period()).content.decode()
    header = ["Language", "English words", "Chinese characters"]
    header += ["Exact match, words", "Fuzzy match, words", "New, words", "Estimated cost (USD)"]
    assert table(html, "by-locale") == [header, ["简体中文", "48", "96", "9", "16", "23", "3.90"]]
    assert table(html, "by-translator")[1:] == [
        # 19 × 0.12 + 8 × 0.06 = 2.76; 4 × 0.12 + 8 × 0.06 + 9 × 0.02 = 1.14
        ["tian", "27", "54", "0", "8", "19", "2.76"],
        ["tao", "21", "42", "9", "8", "4", "1.14"],
        ["Total", "48", "96", "9", "16", "23", "3.90"],
    ]
    assert "at least 75 %" in html  # how bands are decided is said on the page


def test_the_period_leaves_out_earlier_approvals(known, people):
    today = timezone.localdate()
    last_week = {"start": (today - datetime.timedelta(days=6)).isoformat(), "end": today.isoformat()}
    html = figures_page(Client(), people["reviewer"], **last_week).content.decode()
    assert table(html, "by-translator")[1:3] == [
        ["tao", "21", "42", "9", "8", "4", "1.14"],
        ["tian", "8", "16", "0", "8", "0", "0.48"],  # the trust's first approval was two weeks ago
    ]


def test_throughput_is_words_per_week(known, people):
    html = figures_page(Client(), people["reviewer"], weeks=4, **whole_period()).content.decode()
    weeks = table(html, "throughput")[1:]
    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday())
    assert [cells[:2] for cells in weeks] == [
        [(monday - datetime.timedelta(weeks=3)).isoformat(), "0"],
        [(monday - datetime.timedelta(weeks=2)).isoformat(), "19"],
        [(monday - datetime.timedelta(weeks=1)).isoformat(), "0"],
        [monday.isoformat(), "29"],
    ]


def test_a_translator_sees_only_their_own_figures(known, people):
    html = figures_page(Client(), people["translator"], **whole_period()).content.decode()
    assert "your own work" in html
    assert table(html, "by-locale")[1] == ["简体中文", "27", "54", "0", "8", "19", "2.76"]
    assert table(html, "by-translator")[1:] == [["tian", "27", "54", "0", "8", "19", "2.76"]]


def test_people_outside_the_queue_get_no_reports(known, people):
    client = Client()
    client.force_login(people["editor"])
    for url in (FIGURES, GRID):  # Wagtail's answer to PermissionDenied: back to the dashboard, with a message
        response = client.get(url)
        assert (response.status_code, response.url) == (302, "/admin/")


def test_the_reports_menu_lists_them_for_the_queue_only(known, people):
    from wagtail import hooks

    request = type("R", (), {})()
    items = [fn() for fn in hooks.get_hooks("register_reports_menu_item")]
    ours = [item for item in items if item.name in ("translation-status", "translation-figures")]
    assert len(ours) == 2
    request.user = people["editor"]
    assert not any(item.is_shown(request) for item in ours)
    request.user = people["translator"]
    assert all(item.is_shown(request) for item in ours)


def test_bad_period_says_what_is_wrong(known, people):
    html = figures_page(Client(), people["reviewer"], start="2026-05-02", end="2026-05-01").content.decode()
    assert "The end date is before the start date." in html
    assert 'id="by-locale"' not in html


def test_rates_are_checked():
    cheap = {"new": "0.12", "fuzzy": "cheap", "exact": "0.02"}
    with (
        override_settings(TRANSLATION_RATES=cheap),
        pytest.raises(ImproperlyConfigured, match=r"\['fuzzy'\] is 'cheap'"),
    ):
        figures.rates()
    missing = {"new": "0.12", "fuzzy": "0.06"}
    with override_settings(TRANSLATION_RATES=missing), pytest.raises(ImproperlyConfigured, match="no rate for 'exact'"):
        figures.rates()
    with override_settings(TRANSLATION_RATES={"new": 0.1, "fuzzy": 0.05, "exact": 0}):
        assert figures.rates() == {"exact": Decimal("0"), "fuzzy": Decimal("0.05"), "new": Decimal("0.1")}


def test_figures_cost_the_same_queries_for_ten_or_a_thousand_segments(known, people, seeded):
    """Summed in the database: more segments, translators and weeks, not more queries."""
    client = Client()
    client.force_login(people["reviewer"])
    task = task_for(known["office"], seeded["zh"])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(FIGURES, {"weeks": 12, **whole_period()}).status_code == 200
        return len(captured)

    queries()  # the first admin request of a test fills Wagtail's caches
    small = queries()
    now = timezone.now()
    extra = [make_user(f"translator{n}", "zh-hans translators") for n in range(10)]
    TranslatedSegment.objects.bulk_create(
        TranslatedSegment(
            task=task,
            locale=seeded["zh"],
            translator=extra[n % 10],
            approved_at=now - datetime.timedelta(days=n % 28),
            path=f"body.{n}",
            source_words=5,
            target_characters=9,
            band=("new", "fuzzy", "exact")[n % 3],
            score=0,
        )
        for n in range(1000)
    )
    assert queries() == small


# --- the grid -------------------------------------------------------------------------------------------------


def test_the_grid_shows_each_page_and_language_with_a_link_to_its_task(known, people, seeded):
    client = Client()
    client.force_login(people["translator"])
    html = client.get(GRID, {"q": "Quokka"}).content.decode()
    task = task_for(known["trust"], seeded["zh"])
    assert "Quokka Habitat Trust" in html and "Wombat" not in html
    assert f'href="/admin/translation-queue/{task.pk}/review/"' in html
    assert f'href="/admin/pages/{known["trust"].pk}/edit/"' in html  # the English page
    assert "简体中文" in html  # the language's column
    assert ">Done<" in html

    html = client.get(GRID, {"state": "done", "q": "Wombat"}).content.decode()
    assert "Wombat Burrow Survey Office" in html
    assert (
        "Wombat Burrow Survey Office" not in client.get(GRID, {"state": "in_progress", "q": "Wombat"}).content.decode()
    )


def test_the_grid_costs_the_same_queries_for_one_or_fifty_rows(known, people):
    client = Client()
    client.force_login(people["reviewer"])

    def queries(params):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(GRID, params)
            assert response.status_code == 200
        return len(captured), response.content.decode().count('class="translation-state"')

    queries({})  # the first admin request of a test fills Wagtail's caches
    few, rows = queries({"q": "Quokka"})
    assert rows == 1
    many, rows = queries({})
    assert rows == 50  # a full page of the seeded site
    assert many == few
    assert TranslationTask.objects.count() > 50
