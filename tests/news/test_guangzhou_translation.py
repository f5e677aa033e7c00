"""The Guangzhou release's own Chinese version is its zh-hans translation, through wagtail-localize."""

from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from news.models import NewsPage


def test_chinese_release_is_a_wagtail_localize_translation(seeded):
    english = NewsPage.objects.get(locale=seeded["en"], slug="guangzhou-education-innovation-zone")
    chinese = NewsPage.objects.get(locale=seeded["zh"], slug="guangzhou-education-innovation-zone")
    assert chinese.translation_key == english.translation_key
    assert chinese.alias_of_id is None  # a real translation, not an alias of the English page
    assert chinese.live

    source = TranslationSource.objects.get_for_instance(english)
    translation = Translation.objects.get(source=source, target_locale=seeded["zh"])
    total, done = translation.get_progress()
    assert total == done and total >= 12  # title, summary, six paragraphs, credits

    assert chinese.title == "全国首个中外人文交流教育创新区在广州成立"
    assert chinese.reporter == "羊城晚报全媒体记者 蒋隽 通讯员 程开春"
    assert chinese.translator == "陈萱"
    assert chinese.source_publication == "羊城晚报·羊城派"
    assert chinese.editor == "古司祺"
    assert chinese.date == english.date
    paragraphs = [block.value.source for block in chinese.body]
    assert paragraphs[0].startswith("<p>日前,教育部中外人文交流中心")
    assert "pai.ycwb.com" in paragraphs[-1]
    # Translators see the strings in wagtail-localize, recorded as coming from the seed import.
    assert StringTranslation.objects.filter(
        context__object_id=source.object_id, locale=seeded["zh"], data=chinese.title
    ).exists()


def test_chinese_release_page_shows_chinese_credits_and_date(client, seeded):
    html = client.get("/zh-hans/news/guangzhou-education-innovation-zone/").content.decode()
    assert "2023年12月8日" in html
    assert "<dt>文、图</dt><dd>羊城晚报全媒体记者 蒋隽 通讯员 程开春</dd>" in html
    assert "<dt>责编</dt><dd>古司祺</dd>" in html
