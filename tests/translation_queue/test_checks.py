"""Quality checks (issue 9, item 3): a true positive and a false positive for each check, both
directions where they apply, and what the seeded texts raise. Pure: no database."""

from __future__ import annotations

import glob
import statistics
from pathlib import Path

import polib
import pytest
from django.utils import translation

from cms.translation_queue.checks import (
    CODES,
    SEVERITIES,
    Finding,
    Severity,
    blocking,
    check_consistency,
    check_segment,
    words,
    zh_numerals,
)
from cms.translation_queue.checks.punctuation import cjk_latin_spaces, fullwidth_in_latin, halfwidth_in_chinese
from seeds import catalog
from seeds.glossary import GLOSSARY
from seeds.parsers import parse_file

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
SEED_GLOSSARY = [(english, chinese) for english, chinese, *_ in GLOSSARY]


def codes(source, target, **kwargs):
    return [finding.code for finding in check_segment(source, target, **kwargs)]


def finding(source, target, code, **kwargs) -> Finding | None:
    return next((f for f in check_segment(source, target, **kwargs) if f.code == code), None)


def zh_en(source, target, **kwargs):
    return codes(source, target, source_lang="zh-hans", target_lang="en", **kwargs)


# --- the API ---------------------------------------------------------------------------------------


def test_api_shape():
    result = check_segment("Hello world, this is a test.", "")
    assert result == [Finding("empty", Severity.ERROR, "The translation is empty.", "")]
    assert blocking(result)
    assert not blocking([Finding("spaces", Severity.WARNING, "x")])
    assert not blocking([])
    assert Severity.ERROR == "error" and Severity.WARNING == "warning"
    assert set(SEVERITIES) == set(CODES)


def test_clean_translation_raises_nothing():
    source = 'On May 22, 2024, <a id="a1">CIYEC</a> and KICEC signed a memorandum in Seoul.'
    target = '2024年5月22日，<a id="a1">中国国际青年交流中心</a>与韩国国际文化交流中心在首尔签署合作备忘录。'
    assert check_segment(source, target) == []


def test_errors_come_first():
    found = check_segment("There are 300 schools .", " 有30所学校。")
    assert [f.severity for f in found] == sorted((f.severity for f in found), key=lambda s: s != Severity.ERROR)
    assert found[0].code == "numbers"


def test_messages_are_translated_when_the_check_runs():
    # gettext runs at check time: whatever language is active then is the message's language.
    with translation.override("zh-hans"):
        chinese = check_segment("Hello there, my friend.", "")[0].message
    english = check_segment("Hello there, my friend.", "")[0].message
    assert english == "The translation is empty."
    assert isinstance(chinese, str) and chinese  # the Chinese catalog may not have it yet


# --- empty and untranslated ------------------------------------------------------------------------


def test_empty_target_is_an_error():
    assert codes("Contact us", "   ") == ["empty"]
    assert codes('<a id="a1">Guangzhou</a>', '<a id="a1"></a>') == ["empty"]
    assert codes("", "") == []  # nothing to translate


def test_copied_english_is_untranslated():
    found = finding("The centre was founded in 2002.", "The centre was founded in 2002.", "untranslated")
    assert found.severity == Severity.ERROR
    assert finding("The centre", "the Centre", "untranslated").severity == Severity.ERROR  # case ignored


@pytest.mark.parametrize(
    "text",
    ["CIYEC", "2024", "info@ciyec.org.cn", "https://www.example.org/", "G20", "CIYEC / KICEC 2024", "010-53656705"],
)
def test_names_codes_and_numbers_may_stay_as_they_are(text):
    assert "untranslated" not in codes(text, text)


def test_title_case_left_in_english_is_a_warning_and_kept_glossary_names_are_fine():
    assert finding("Guangzhou", "Guangzhou", "untranslated").severity == Severity.WARNING
    assert "untranslated" not in codes("Liu Aiping", "Liu Aiping", glossary=SEED_GLOSSARY)


def test_target_without_chinese_is_flagged():
    assert finding("The two centres signed it.", "the two centers signed it", "untranslated").severity == (
        Severity.WARNING
    )
    assert "untranslated" not in codes("The two centres signed it.", "两个中心签署了它。")


def test_untranslated_zh_to_en():
    assert "untranslated" in zh_en("中外人文交流", "中外人文交流")
    assert "untranslated" not in zh_en("中外人文交流", "people-to-people exchange")


# --- numbers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("3,000 visitors", "三千名访客"),
        ("3,000 visitors", "3000名访客"),
        ("3000 visitors", "3千名访客"),
        ("3,000 visitors", "3，000名访客"),
        ("20,000 students", "2万名学生"),
        ("1.2 billion people", "12亿人"),
        ("15 million yuan", "1500万元"),
        ("two million young people", "两百万青年"),
        ("20% of the schools", "百分之二十的学校"),
        ("20 percent of the schools", "20%的学校"),
        ("the 19th Asian Games", "第十九届亚运会"),
        ("the 19th Asian Games", "第19届亚运会"),
        ("two schools and 77 classes", "学校2所、班77个"),
        ("two schools", "两所学校"),
        ("the second and third events", "第二届、第三届活动"),
        ("from 2010 to 2020", "2010—2020年"),
        ("in 2024", "二〇二四年"),
        ("over the past 20 years", "二十多年来"),
        ("the G20 summit", "二十国集团峰会"),
        ("No.43, Ping'anli Xidajie", "平安里西大街43号"),
        ("at 10:30", "10:30"),
        ("1.5 times", "1.5倍"),
    ],
)
def test_equivalent_numbers_match(english, chinese):
    assert "numbers" not in codes(english, chinese)


@pytest.mark.parametrize(
    ("english", "chinese", "detail"),
    [
        ("3,000 visitors", "300名访客", "3,000 ≠ 300"),
        ("20,000 students", "20万名学生", "20,000 ≠ 20万"),
        ("1.2 billion people", "1.2亿人", "1.2 billion ≠ 1.2亿"),
        ("the 19th Asian Games", "第十八届亚运会", "19th ≠ 十八"),
        ("77 classes", "班级", "77 ≠ —"),
        ("classes", "77个班", "— ≠ 77"),
        ("20% of them", "百分之三十", "20% ≠ 百分之三十"),
    ],
)
def test_numbers_that_differ_are_an_error(english, chinese, detail):
    found = finding(english, chinese, "numbers")
    assert found.severity == Severity.ERROR
    assert found.detail == detail


@pytest.mark.parametrize(
    "chinese",
    ["推进一带一路建设", "进一步提高", "十分重要", "居全市第一", "千万不要", "七八个项目", "合作三方", "十二五规划"],
)
def test_numerals_inside_words_and_approximations_ask_for_nothing(chinese):
    # 一 in 一带一路, 十分 (very), 第一 for "the most", 七八 (seven or eight): loose, never an error.
    assert "numbers" not in codes("We will carry on with the work of the initiative.", chinese)


def test_numbers_zh_to_en():
    assert "numbers" not in zh_en("全市现有港澳子弟学校2所", "There are now two schools in the city")
    assert "numbers" in zh_en("学校368对", "36 pairs of schools")


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("三千", 3000),
        ("十九", 19),
        ("两万", 20000),
        ("一百零五", 105),
        ("三亿五千万", 350_000_000),
        ("两千五", 2500),
        ("一万五", 15000),
        ("十万", 100_000),
        ("九十", 90),
        ("七八", None),
        ("十百", None),
        ("百", None),
    ],
)
def test_chinese_numeral_parser(numeral, value):
    assert zh_numerals.parse(numeral) == value


# --- dates -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("on May 22", "5月22日"),
        ("on 22 May 2024", "2024年5月22日"),
        ("on May 22, 2024", "2024年5月22日"),
        ("in May 2024", "2024年5月"),
        ("from May 22-24", "5月22日至24日"),
        ("in June", "6月"),
        ("on 2024-05-22", "2024年5月22日"),
        ("on May 22nd", "五月二十二日"),
        ("You may visit in 2024", "2024年可参观"),  # "may" is not a month
    ],
)
def test_equivalent_dates_match(english, chinese):
    assert "dates" not in codes(english, chinese)
    assert "numbers" not in codes(english, chinese)


@pytest.mark.parametrize(
    ("english", "chinese", "detail"),
    [
        ("on May 22", "5月23日", "May 22 ≠ 5月23日"),
        ("on 22 May 2024", "2023年5月22日", "22 May 2024 ≠ 2023年5月22日"),
        ("on May 22", "6月22日", "May 22 ≠ 6月22日"),
        ("in May 2024", "2024年", "May 2024 ≠ —"),
    ],
)
def test_dates_that_differ_are_an_error(english, chinese, detail):
    found = finding(english, chinese, "dates")
    assert found.severity == Severity.ERROR
    assert found.detail == detail


def test_dates_zh_to_en():
    assert "dates" not in zh_en("2024年5月，双方签署备忘录。", "In May 2024 the two sides signed a memorandum.")
    assert "dates" in zh_en("2024年5月，双方签署备忘录。", "In March 2024 the two sides signed a memorandum.")


# --- URLs, e-mail addresses, phone numbers ---------------------------------------------------------


def test_identifiers_copied_are_fine():
    source = "Write to info@ciyec.org.cn, see https://www.ciyec.org.cn/en/ or call Tel: 010--53656705."
    target = "请致信info@ciyec.org.cn，访问https://www.ciyec.org.cn/en/或致电：010-53656705。"
    assert not {"urls", "emails", "phones"} & set(codes(source, target))


def test_phone_in_international_form_is_the_same_number():
    assert "phones" not in codes("Tel: 010-53656705", "电话：+86 10 5365 6705")


@pytest.mark.parametrize(
    ("target", "code"),
    [
        ("请致信info@ciyec.org，访问https://www.ciyec.org.cn/en/或致电010-53656705。", "emails"),
        ("请致信info@ciyec.org.cn，访问https://www.ciyec.org.cn/zh/或致电010-53656705。", "urls"),
        ("请致信info@ciyec.org.cn，访问https://www.ciyec.org.cn/en/或致电010-53656706。", "phones"),
        ("请致信info@ciyec.org.cn或致电010-53656705。", "urls"),
    ],
)
def test_identifiers_changed_or_lost_are_an_error(target, code):
    source = "Write to info@ciyec.org.cn, see https://www.ciyec.org.cn/en/ or call 010-53656705."
    assert finding(source, target, code).severity == Severity.ERROR


def test_identifier_only_added_is_a_warning():
    found = finding("For more news, read the paper.", "更多新闻资讯，请关注羊城派pai.ycwb.com。", "urls")
    assert found.severity == Severity.WARNING and found.detail == "— ≠ pai.ycwb.com"


# --- markup ----------------------------------------------------------------------------------------


def test_markup_kept_is_fine_even_reordered():
    source = '<a id="a1">Guangzhou</a> is home to <b>77</b> classes and <a id="a2">HKUST</a>.<br/>New line'
    target = '<b>77</b>个班级位于<a id="a1">广州</a>，另有<a id="a2">香港科技大学</a>。<br/>新的一行'
    assert "markup" not in codes(source, target)


@pytest.mark.parametrize(
    ("target", "detail"),
    [
        ("广州有77个班。", '<a id="a1"> ≠ —'),
        ('<a id="a2">广州</a>有77个班。', '<a id="a1"> ≠ <a id="a2">'),
        ('<a id="a1">广州</a>有<b>77</b>个班。', "— ≠ <b>"),
    ],
)
def test_markup_lost_or_added_is_an_error(target, detail):
    found = finding('<a id="a1">Guangzhou</a> has 77 classes.', target, "markup")
    assert found.severity == Severity.ERROR and found.detail == detail


def test_markup_not_closed_in_order_is_an_error():
    assert "markup" in codes("<b>Guangzhou</b> <i>now</i>", "<b>广州<i>现在</b></i>")


# --- glossary --------------------------------------------------------------------------------------


def test_glossary_term_missing_is_a_warning():
    found = finding("The Ministry of Education approved it.", "教委批准了。", "glossary", glossary=SEED_GLOSSARY)
    assert found.severity == Severity.WARNING and found.detail == "Ministry of Education → 教育部"


def test_glossary_term_used_or_not_in_the_source_is_fine():
    glossary = [("Ministry of Education", "教育部"), ("Huangpu", "黄埔")]
    assert "glossary" not in codes("The ministry of education approved it.", "教育部批准了。", glossary=glossary)
    assert "glossary" not in codes("The Ministry approved it.", "该部批准了。", glossary=glossary)
    assert "glossary" not in codes("The Huangpus are here.", "他们来了。", glossary=glossary)  # word-bounded


def test_glossary_folds_width_and_reads_longest_terms_first():
    source = "the Sino-Foreign Cultural Exchange Guangzhou (Huangpu) Education Innovation Zone"
    assert "glossary" not in codes(source, "中外人文交流广州(黄埔)教育创新区", glossary=SEED_GLOSSARY)
    # "Ministry of Education" inside the longer name is that name's business: one finding, not two.
    glossary = [("Ministry of Education", "教育部"), ("CCIPE, Ministry of Education", "教育部中外人文交流中心")]
    found = check_segment("the CCIPE, Ministry of Education", "人文交流中心", glossary=glossary)
    expected = ["CCIPE, Ministry of Education → 教育部中外人文交流中心"]
    assert [f.detail for f in found if f.code == "glossary"] == expected


def test_glossary_zh_to_en():
    glossary = [("Ministry of Education", "教育部")]
    assert "glossary" in zh_en("教育部批准了。", "The ministry approved it.", glossary=glossary)
    assert "glossary" not in zh_en("教育部批准了。", "The Ministry of Education approved it.", glossary=glossary)


# --- consistency -----------------------------------------------------------------------------------


def test_same_english_translated_differently():
    found = check_consistency(
        [
            ("p1:title", "Youth exchange", "青年交流"),
            ("p2:title", "Youth Exchange", "青少年交流"),
            ("p3:title", "<b>Youth exchange</b>", "<b>青年交流</b>"),
            ("p4:body", "Contact", "联系我们"),
        ]
    )
    assert set(found) == {"p1:title", "p2:title", "p3:title"}
    assert [f.code for f in found["p2:title"]] == ["inconsistent_target"]
    assert found["p2:title"][0].severity == Severity.WARNING
    assert found["p2:title"][0].detail == "“青年交流”"
    assert found["p1:title"][0].detail == "“青少年交流”"


def test_same_chinese_for_different_english():
    found = check_consistency([("a", "Tel", "电话"), ("b", "Telephone", "电话"), ("c", "Fax", "传真")])
    assert [f.code for f in found["a"]] == ["inconsistent_source"]
    assert set(found) == {"a", "b"}


def test_consistent_site_and_names_kept_as_they_are_raise_nothing():
    pairs = [
        ("a", "Youth exchange", "青年交流"),
        ("b", "youth  exchange", "青年交流"),
        ("c", "CIYEC", "CIYEC"),
        ("d", "ciyec", "CIYEC"),
        ("e", "Untranslated", ""),
        ("f", "Hong Kong University of Science and Technology (Guangzhou)", "香港科技大学（广州）"),
        ("g", "Hong Kong University of Science and Technology (Guangzhou)", "香港科技大学(广州)"),
    ]
    assert check_consistency(pairs) == {}


# --- punctuation -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "shown"),
    [
        ("日前,教育部签署协议。", ["日前,教育"]),
        ("广州(黄埔)教育创新区", ["广州(黄埔)教育"]),
        ("中国国际青年交流中心(CIYEC)负责交流。", ["中心(CIYEC)负责"]),  # the brackets are the sentence's
        ("时间:10:30", ["时间:10"]),
        ("双方签署备忘录.", ["忘录."]),
        ("是吗?真的!", ["是吗?真的", "真的!"]),
        ("会长Kim In-kyu, Ko Myung-jin表示,青年是未来。", ["表示,青年"]),
    ],
)
def test_halfwidth_punctuation_in_chinese(target, shown):
    assert halfwidth_in_chinese(target, chinese=True) == shown
    assert finding("x", target, "halfwidth_punct_in_chinese").severity == Severity.WARNING


@pytest.mark.parametrize(
    "target",
    [
        "增长1.5倍，共3,000人。",  # decimals and thousands
        "会议于10:30开始。",  # a time
        "请访问https://www.ciyec.org.cn/a,b(c)。",  # inside a URL
        "致信info@ciyec.org.cn。",  # inside an address
        "获得Ph.D.学位的Dr. TANG Jian (Ph. D)。",  # abbreviations, a Latin run with its own brackets
        "会长Kim In-kyu, Ko Myung-jin表示，青年是未来。",  # a comma between Latin names
        "香港科技大学（广州）与U.S.A.合作。",
        "The Hong Kong University of Science and Technology (Guangzhou)获批设立。",
    ],
)
def test_halfwidth_punctuation_that_belongs_to_latin_runs_is_fine(target):
    assert halfwidth_in_chinese(target, chinese=True) == []


def test_halfwidth_in_english_text_only_between_chinese_characters():
    assert halfwidth_in_chinese("The centre (中心), founded in 2002.", chinese=False) == []
    assert halfwidth_in_chinese("The centre 中心,中国 is here.", chinese=False) == ["中心,中国"]


@pytest.mark.parametrize(
    ("target", "chinese", "shown"),
    [
        ("The centre，founded in 2002。", False, ["re，fo", "02。"]),
        ("Call us（today）.", False, ["us（today）."]),
        ("共3，000人", True, ["共3，00"]),
        ("会议10：30开始", True, ["10：30"]),
    ],
)
def test_fullwidth_punctuation_in_latin(target, chinese, shown):
    assert fullwidth_in_latin(target, chinese=chinese) == shown


@pytest.mark.parametrize(
    ("target", "chinese"),
    [
        ("中国国际青年交流中心（CIYEC）负责交流。", True),
        ("与CIYEC，KICEC合作。", True),  # the Chinese sentence's comma between two Latin words
        ("The centre is called 中心（国际部）.", False),
        ("He said “中外人文交流。”", False),
    ],
)
def test_fullwidth_punctuation_next_to_chinese_is_fine(target, chinese):
    assert fullwidth_in_latin(target, chinese=chinese) == []


def test_fullwidth_punctuation_en_target():
    assert zh_en("中心成立于2002年。", "The centre was founded in 2002。") == ["fullwidth_punct_in_latin"]


# --- spacing between Chinese and Latin -------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "count"),
    [
        ("于 2024 年 5 月成立", 4),
        ("与 CIYEC 合作", 2),
        ("UNICCC 执行主席兼秘书长", 1),
        ("共有77 个班", 1),
    ],
)
def test_space_between_chinese_and_a_latin_word_or_number(target, count):
    assert len(cjk_latin_spaces(target)) == count
    assert finding("x", target, "cjk_latin_spacing").severity == Severity.WARNING


@pytest.mark.parametrize(
    "target",
    [
        "于2024年5月与CIYEC合作，共有77个班。",  # the house style
        "理事长 Liu Aiping 表示",  # a multi-word romanized name is set off
        "请关注羊城派 pai.ycwb.com",  # an address is set off
        "文、图丨羊城晚报全媒体记者 蒋隽 通讯员 程开春",  # spaces between Chinese words are not this rule's
        "ESG KOREA京畿网络",
    ],
)
def test_house_spacing_rule_accepts(target):
    assert cjk_latin_spaces(target) == []


def test_spacing_rule_applies_to_chinese_targets_only():
    assert "cjk_latin_spacing" not in zh_en("于2024年成立", "The centre 中心 was founded in 2024")


# --- spaces and repeated words ---------------------------------------------------------------------


@pytest.mark.parametrize("target", [" 青年交流", "青年交流 ", "青年  交流", "the  centre", "中心\u3000\u3000成立"])
def test_leading_trailing_and_doubled_spaces(target):
    assert finding("Youth exchange", target, "spaces").severity == Severity.WARNING


def test_spaces_mirroring_the_source_are_fine():
    assert "spaces" not in codes("Youth exchange", "青年交流")
    assert "spaces" not in codes("Name:  Liu", "姓名：  Liu")  # the source doubles it too


@pytest.mark.parametrize("target", ["我们我们将继续合作。", "这是我的的书。", "We will will continue."])
def test_repeated_words(target):
    assert finding("We will continue.", target, "repeated_word").severity == Severity.WARNING


@pytest.mark.parametrize(
    "target",
    ["为了目的的实现", "的的确确如此", "人人都说常常看看", "不了了之", "He had had enough.", "Bora Bora"],
)
def test_legitimate_doubling_is_fine(target):
    assert words.repeated_words(target) == []


def test_repetition_in_the_source_may_stay():
    assert words.repeated_words("New York New York", "New York New York") == []
    assert words.repeated_words("the the", "the the") == []


# --- length ratio ----------------------------------------------------------------------------------

LONG_ENGLISH = (
    "Guangzhou has accelerated the promotion of education cooperation in the Greater Bay Area in recent years."
)


def test_length_ratio_far_outside_the_usual():
    short = finding(LONG_ENGLISH, "广州加快了。", "length_ratio")
    assert short.severity == Severity.WARNING and short.message.startswith("The translation is much shorter")
    long = finding(LONG_ENGLISH, "近年来，广州加快推进粤港澳大湾区教育合作。" * 3, "length_ratio")
    assert long.message.startswith("The translation is much longer")


def test_length_ratio_usual_or_short_segments_are_fine():
    assert "length_ratio" not in codes(LONG_ENGLISH, "近年来，广州加快推进粤港澳大湾区教育合作。")
    assert "length_ratio" not in codes("Contact us now", "联系")  # too short to judge


def test_length_ratio_zh_to_en():
    found = zh_en("近年来，广州加快推进粤港澳大湾区教育合作。", "Guangzhou did it.")
    assert "length_ratio" not in found  # the English is under 40 characters: not judged
    found = check_segment(
        "近年来，广州加快推进粤港澳大湾区教育合作。",
        LONG_ENGLISH + " " + LONG_ENGLISH,
        source_lang="zh-hans",
        target_lang="en",
    )
    assert [f.message for f in found if f.code == "length_ratio"] == [
        "The translation is much longer than usual: is something added?"
    ]


# --- the seeded texts ------------------------------------------------------------------------------


def seeded_parallel_pairs() -> list[tuple[str, str, str]]:
    """(where, English, Chinese): the project's PO translations and the Guangzhou release's own
    Chinese, paragraph by paragraph, read with the seed's own parser."""
    pairs = []
    for path in sorted(glob.glob(str(SEEDS / "translations" / "zh_Hans" / "*.po"))):
        for entry in polib.pofile(path):
            if entry.msgstr and not entry.obsolete:
                pairs.append((f"{Path(path).name}:{entry.msgid[:40]}", entry.msgid, entry.msgstr))
    guangzhou = parse_file(SEEDS / catalog.SOURCE_FILES["guangzhou"])
    pairs.append(("guangzhou:title", guangzhou.title, guangzhou.zh_title))
    for index, (english, chinese) in enumerate(zip(guangzhou.paragraphs, guangzhou.zh_paragraphs, strict=True)):
        pairs.append((f"guangzhou:{index}", english, chinese))
    return pairs


def test_length_ratio_bounds_fit_the_seeded_texts():
    measured = [
        (words.length_ratio(english, chinese), words.ratio_bounds(english))
        for _, english, chinese in seeded_parallel_pairs()
    ]
    measured = [(ratio, bounds) for ratio, bounds in measured if ratio is not None]
    assert len(measured) >= 100
    assert 0.2 <= statistics.median(ratio for ratio, _ in measured) <= 0.3
    assert all(low < ratio < high for ratio, (low, high) in measured)


def test_seeded_guangzhou_chinese():
    """The Guangzhou release's own Chinese (real-world input) sets its punctuation half-width: 24
    commas, one semicolon and five bracket pairs in its six paragraphs. House style (GB/T 15834) is
    full-width, so each paragraph gets one warning; nothing blocks approval. Its spacing follows the
    house rule (学校2所, 77个) except the space before the address pai.ycwb.com, which the rule allows."""
    guangzhou = parse_file(SEEDS / catalog.SOURCE_FILES["guangzhou"])
    paragraphs = guangzhou.zh_paragraphs
    marks = [halfwidth_in_chinese(paragraph, chinese=True) for paragraph in paragraphs]
    assert [len(found) for found in marks] == [5, 6, 7, 2, 4, 6]  # a bracket pair counts once: 30 in all
    assert sum(snippet.count(",") for found in marks for snippet in found) == 24
    assert [cjk_latin_spaces(paragraph) for paragraph in [guangzhou.zh_title, *paragraphs]] == [[]] * 7
    assert [fullwidth_in_latin(paragraph, chinese=True) for paragraph in paragraphs] == [[]] * 6

    findings = [
        check_segment(english, chinese, glossary=SEED_GLOSSARY)
        for english, chinese in [
            (guangzhou.title, guangzhou.zh_title),
            *zip(guangzhou.paragraphs, paragraphs, strict=True),
        ]
    ]
    assert not any(blocking(found) for found in findings)
    counts = {}
    for found in findings:
        for f in found:
            counts[f.code, f.severity] = counts.get((f.code, f.severity), 0) + 1
    assert counts == {
        ("halfwidth_punct_in_chinese", Severity.WARNING): 6,
        ("glossary", Severity.WARNING): 1,  # "Hong Kong and Macao children" is 港澳子弟: 澳门 not written out
        ("urls", Severity.WARNING): 1,  # the Chinese adds "请关注羊城派 pai.ycwb.com"
    }


def test_seeded_translations_raise_no_error():
    """The project's own translations must pass approval: no check may raise an error on them."""
    errors = [
        (where, f.code, f.detail)
        for where, english, chinese in seeded_parallel_pairs()
        for f in check_segment(english, chinese, glossary=SEED_GLOSSARY)
        if f.severity == Severity.ERROR
    ]
    assert errors == []
