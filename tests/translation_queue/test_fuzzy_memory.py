"""Fuzzy translation memory (issue 15): similar earlier translations are offered per segment, with a score
and the English difference, the segment's own previous translation first; only exact matches are filled in."""

import polib
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from wagtail_localize.models import StringTranslation
from wagtail_localize.synctree import create_aliases_for_new_page

from cms.translation_queue import memory, po, work
from cms.translation_queue.memory import (
    MEMORY,
    PREVIOUS_APPROVED,
    PREVIOUS_DRAFT,
    diff_html,
    similarity,
    suggestions_for,
)
from orgs.models import OrganizationPage

from .conftest import CHINESE, task_for, translate_everything, warnings_shown

QUEUE = "/admin/translation-queue/"


def publish_org(seeded, slug, summary, paragraphs=(), title=None):
    iecc = OrganizationPage.objects.get(locale=seeded["en"], slug="iecc")
    page = OrganizationPage(
        title=title or f"Test organization {slug}",
        slug=slug,
        summary=summary,
        body=[("paragraph", f"<p>{text}</p>") for text in paragraphs],
    )
    iecc.get_parent().add_child(instance=page)
    create_aliases_for_new_page(page)
    page.save_revision().publish()
    return page


@pytest.fixture
def iecc(seeded):
    page = OrganizationPage.objects.get(locale=seeded["en"], slug="iecc")
    return page, page.get_translation(seeded["zh"]).summary


def similar_to(sentence):
    """An editor's rewording: two words changed."""
    changed = sentence.replace("since 2002", "since 2003").replace("run by", "led by")
    assert changed != sentence
    return changed


def test_the_difference_is_word_by_word_and_escaped():
    # Segments are stored as wagtail-localize stores them: inline tags, text escaped.
    html = diff_html("Youth <b>are</b> the force &amp; hope.", "Youth are the &lt;script&gt; force &amp; hope.")
    assert str(html) == "Youth are the <ins>&lt;script&gt; </ins>force &amp; hope."
    html = diff_html("The centre works with schools.", "The center works with universities.")
    assert str(html) == "The <del>centre </del><ins>center </ins>works with <del>schools</del><ins>universities</ins>."


def test_a_changed_segment_gets_its_previous_translation_first_with_its_score(seeded, people, new_page, commit):
    task = task_for(new_page, seeded["zh"])
    work.claim(task, people["translator"])
    translate_everything(task, commit, user=people["translator"])

    page = Page.objects.get(pk=new_page.pk).specific
    page.summary = "A public university in Beijing."
    with commit():
        page.save_revision(user=people["editor"]).publish(user=people["editor"])
    task.refresh_from_db()
    work.sync_with_source(task, people["translator"])

    offered = suggestions_for(task)["summary"].suggestions
    first = offered[0]
    assert first.origin == PREVIOUS_DRAFT and first.is_previous
    assert (first.source, first.target) == ("A university in Beijing.", CHINESE["A university in Beijing."])
    assert first.score == similarity("A university in Beijing.", "A public university in Beijing.")
    assert 75 <= first.score < 100
    assert str(first.diff) == "A <ins>public </ins>university in Beijing."
    # Unchanged segments are not offered their own translation.
    assert all(not s.is_previous for s in suggestions_for(task)["title"].suggestions)


def test_after_approval_the_approved_translation_comes_first(seeded, people, new_page, commit):
    task = task_for(new_page, seeded["zh"])
    work.claim(task, people["translator"])
    translate_everything(task, commit, user=people["translator"])
    work.submit_for_review(task, people["translator"])
    work.approve_and_publish(task, people["reviewer"], acknowledged=warnings_shown(task))

    page = Page.objects.get(pk=new_page.pk).specific
    page.summary = "A university in Beijing, China."
    with commit():
        page.save_revision(user=people["editor"]).publish(user=people["editor"])
    task.refresh_from_db()
    work.sync_with_source(task, people["reviewer"])

    offered = suggestions_for(task)["summary"].suggestions
    assert [(s.origin, s.target) for s in offered[:1]] == [(PREVIOUS_APPROVED, CHINESE["A university in Beijing."])]
    assert sum(s.target == CHINESE["A university in Beijing."] for s in offered) == 1  # not again as a draft
    assert str(offered[0].diff) == "A university in Beijing<ins>, China</ins>."


def test_a_similar_sentence_from_another_page_is_offered_with_the_difference(seeded, people, iecc):
    source, chinese = iecc
    page = publish_org(seeded, "annex", similar_to(source.summary))
    task = task_for(page, seeded["zh"])
    offered = suggestions_for(task)["summary"].suggestions
    match = next(s for s in offered if s.target == chinese)
    assert match.origin == MEMORY and not match.is_previous
    assert 75 <= match.score < 100
    assert "<del>2002</del><ins>2003</ins>" in match.diff and "<del>run </del><ins>led </ins>" in match.diff
    assert source.title in match.where and "summary" in match.where


def test_a_dissimilar_sentence_is_not_offered(seeded, people, iecc):
    source, chinese = iecc
    words = source.summary.split()
    unrelated = " ".join(words[:5]) + " is a small museum of forestry tools in the hills near Kunming."
    assert similarity(unrelated, source.summary) < 75
    page = publish_org(seeded, "museum", unrelated)
    offered = suggestions_for(task_for(page, seeded["zh"]))["summary"].suggestions
    assert all(s.target != chinese for s in offered)
    assert all(s.score >= 75 for s in offered)


def test_exact_matches_still_prefill_and_fuzzy_ones_never_do(seeded, people, iecc):
    source, chinese = iecc
    page = publish_org(seeded, "annex", source.summary, paragraphs=[similar_to(source.summary)])
    task = task_for(page, seeded["zh"])
    work.claim(task, people["translator"])
    work.prefill(task, people["translator"])
    stored = dict(
        StringTranslation.objects.filter(locale=seeded["zh"], context__object_id=page.translation_key).values_list(
            "context__path", "data"
        )
    )
    assert stored["summary"] == chinese  # exact: filled in
    assert not any(path.startswith("body.") for path in stored)  # fuzzy: only offered
    offers = suggestions_for(task)
    paragraph = next(path for path in offers if path.startswith("body."))
    assert any(s.target == chinese and s.score < 100 for s in offers[paragraph].suggestions)
    # A translated segment is not offered the translation it already has.
    assert all(s.target != chinese for s in offers["summary"].suggestions)


def test_the_po_export_carries_suggestions_and_glossary_terms_as_comments(seeded, people, iecc):
    source, chinese = iecc
    page = publish_org(seeded, "annex", similar_to(source.summary), title="Beijing Forestry University")
    task = task_for(page, seeded["zh"])
    work.claim(task, people["translator"])
    _name, content = po.export(task)
    parsed = polib.pofile(content.decode())
    summary = next(e for e in parsed if e.msgctxt == "summary")
    assert summary.msgstr == ""  # offered, not filled in
    assert "Suggestion " in summary.comment and chinese in summary.comment
    assert "[-2002-]{+2003+}" in summary.comment and source.title in summary.comment
    title = next(e for e in parsed if e.msgctxt == "title")
    assert "Glossary: Beijing Forestry University = 北京林业大学" in title.comment
    assert "#. Suggestion " in content.decode()  # extracted comments, which PO editors show to translators


def test_the_review_screen_shows_suggestions_and_terms_under_the_segment(client, seeded, people, iecc):
    source, chinese = iecc
    page = publish_org(seeded, "annex", similar_to(source.summary), title="Beijing Forestry University")
    task = task_for(page, seeded["zh"])
    work.claim(task, people["translator"])
    client.force_login(people["translator"])
    html = client.get(f"{QUEUE}{task.pk}/review/").content.decode()
    assert "Suggestions" in html and chinese in html
    assert "<del>2002</del><ins>2003</ins>" in html
    score = next(s.score for s in suggestions_for(task)["summary"].suggestions if s.target == chinese)
    assert f'<span class="score">{score}%</span>' in html
    assert 'class="term"' in html and "北京林业大学" in html


def test_the_lookup_costs_the_same_queries_for_few_and_many_segments(seeded, people, iecc):
    source, _chinese = iecc
    small = publish_org(seeded, "small", similar_to(source.summary))
    paragraphs = [f"{similar_to(source.summary)} Paragraph {n}." for n in range(30)]
    large = publish_org(seeded, "large", similar_to(source.summary), paragraphs=paragraphs)
    counts = []
    for page in (small, large):
        task = task_for(page, seeded["zh"])
        with CaptureQueriesContext(connection) as captured:
            offers = suggestions_for(task)
        assert any(s.origin == MEMORY for offer in offers.values() for s in offer.suggestions)
        counts.append(len(captured))
    assert len(suggestions_for(task_for(large, seeded["zh"]))) >= 31
    assert counts[0] == counts[1]
    # The task's rows, its own translations, the strings added since the last lookup, the best candidates'
    # translations, where matches came from, the glossary (2), the task's source and locale.
    assert counts[1] <= 9


def test_the_threshold_is_a_setting(settings, seeded, iecc):
    source, chinese = iecc
    page = publish_org(seeded, "annex", similar_to(source.summary))
    task = task_for(page, seeded["zh"])
    score = next(s.score for s in suggestions_for(task)["summary"].suggestions if s.target == chinese)
    settings.TRANSLATION_QUEUE_FUZZY_MIN_SCORE = score + 1
    assert memory.min_score() == score + 1
    assert all(s.target != chinese for s in suggestions_for(task)["summary"].suggestions)
