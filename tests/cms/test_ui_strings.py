"""Every interface string has a Chinese translation, and the compiled catalogue matches the PO file."""

from pathlib import Path

import polib
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES"


def test_every_msgid_is_translated():
    po = polib.pofile(str(LOCALE / "django.po"))
    untranslated = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    assert untranslated == []
    assert len(po) > 100


def test_compiled_catalogue_is_up_to_date():
    po = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.pofile(str(LOCALE / "django.po"))}
    mo = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.mofile(str(LOCALE / "django.mo"))}
    po.pop((None, ""), None)
    mo.pop((None, ""), None)
    assert mo == po, "run: python manage.py compilemessages (or polib save_as_mofile)"


def test_django_reads_the_catalogue_from_zh_Hans():
    with translation.override("zh-hans"):
        assert translation.gettext("Latest news") == "最新动态"
        assert translation.pgettext("label separator", ":") == "："


def test_pages_have_no_english_interface_strings_in_chinese(client, seeded):
    html = client.get("/zh-hans/news/").content.decode()
    for english in ("Latest news", "Search this site", "All topics", "Skip to content", "RSS feed"):
        assert english not in html
