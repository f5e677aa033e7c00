"""The seed refuses silent loss: a cut-off source text, or a run that would take content off the site."""

from io import StringIO

import pytest
from django.core.management import CommandError

from news.models import NewsPage
from orgs.models import OrganizationPage
from seeds.catalog import SOURCE_FILES
from tests.seeds.test_seed_command import run_seed, snapshot


def edit(folder, key, change):
    path = folder / SOURCE_FILES[key]
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def without_business_scope(text):
    start, end = text.index("IV. Business scope"), text.index("V. Organizational structure")
    return text[:start] + text[end:]


def section_headings(slug, language):
    page = OrganizationPage.objects.get(slug=slug, locale__language_code=language)
    return [block.value["heading"] for block in page.body if block.block_type == "section"]


def test_a_profile_cut_at_half_its_length_is_refused_naming_file_and_line(seeded, source_copy):
    """The incident: UNICCC cut at half its length was seeded and lost three of six sections in both languages."""
    edit(source_copy, "uniccc", lambda text: text[: len(text) // 2])
    before = snapshot()
    with pytest.raises(CommandError) as exc:
        run_seed("--source", str(source_copy))
    message = str(exc.value)
    assert f"{SOURCE_FILES['uniccc']}, line 32: the text stops at “5”" in message
    assert "nothing was changed" in message
    assert snapshot() == before
    assert len(section_headings("uniccc", "en")) == len(section_headings("uniccc", "zh-hans")) == 6


def test_a_run_that_would_remove_a_section_is_refused_and_lists_it(seeded, source_copy):
    edit(source_copy, "uniccc", without_business_scope)
    before = snapshot()
    with pytest.raises(CommandError) as exc:
        run_seed("--source", str(source_copy))
    message = str(exc.value)
    assert "nothing was changed" in message and "--allow-removals" in message
    removed = [line for line in message.splitlines() if line.startswith("  - ")]
    # The English profile and its Chinese translation, each with the section's size.
    assert len(removed) == 2, message
    assert any(
        "/en/organizations/uniccc/ (en)" in line and "section “Business scope” (1 paragraph, 3 points)" in line
        for line in removed
    )
    assert any("/zh-hans/organizations/uniccc/ (zh-hans)" in line and "section “业务范围”" in line for line in removed)
    assert snapshot() == before
    assert "Business scope" in section_headings("uniccc", "en")


def test_allow_removals_applies_the_run_in_both_languages(seeded, source_copy):
    edit(source_copy, "uniccc", without_business_scope)
    errors = StringIO()
    run_seed("--source", str(source_copy), "--allow-removals", "--skip-index", stderr=errors)
    assert "Business scope" not in section_headings("uniccc", "en")
    assert len(section_headings("uniccc", "en")) == len(section_headings("uniccc", "zh-hans")) == 5
    assert "removed  /en/organizations/uniccc/ (en)" in errors.getvalue()
    # The same source again: nothing more to remove, nothing to do.
    assert "Nothing to do" in run_seed("--source", str(source_copy), "--skip-index")


def test_a_release_cut_at_a_paragraph_break_is_caught_by_the_removal_guard(seeded, source_copy):
    """A cut that ends on a full stop reads as complete; what it would take off the site does not."""
    edit(source_copy, "ciyec_kicec", lambda text: text[: text.index("Xu Huanan")])
    before = snapshot()
    with pytest.raises(CommandError) as exc:
        run_seed("--source", str(source_copy))
    assert "/en/news/ciyec-kicec-memorandum/ (en)" in str(exc.value)
    assert "2 of 12 paragraphs" in str(exc.value)
    assert "(zh-hans)" in str(exc.value)
    assert snapshot() == before
    assert len(NewsPage.objects.get(slug="ciyec-kicec-memorandum", locale__language_code="en").body) == 12


def test_changed_wording_is_not_a_removal(seeded, source_copy):
    edit(source_copy, "uniccc", lambda text: text.replace("Main tasks", "Main duties"))
    output = run_seed("--source", str(source_copy), "--skip-index")
    assert "updated  /home/organizations/uniccc/" in output
    assert "Main duties" in section_headings("uniccc", "en")


def test_a_normal_reseed_is_not_refused(seeded, source_copy):
    before = snapshot()
    assert "Nothing to do" in run_seed("--source", str(source_copy))
    assert snapshot() == before
