"""The judged set scores above its floors on whichever database the suite runs on (SQLite and PostgreSQL)."""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from modelsearch.conf import get_app_config

from search.evaluation import evaluate, load_judged_set
from search.models import JudgedDocument

JUDGED_SET = Path(__file__).resolve().parents[2] / "search" / "judged" / "bilingual.json"


@pytest.fixture(scope="module")
def judged_set():
    return load_judged_set(JUDGED_SET)


def test_judged_set_is_big_enough_and_bilingual(judged_set):
    locales = [q["locale"] for q in judged_set["queries"]]
    assert len(locales) >= 140
    assert locales.count("zh-hans") >= 105 and locales.count("en") >= 25
    traps = {q["q"] for q in judged_set["queries"]}
    assert {"中国", "实在", "确实", "发展中国家", "大学生", "中外", "成都", "19所", "张华"} <= traps
    assert {"长沙", "国家", "重庆", "西安", "王海", "三年级", "3000万元", "CSTVE", "higher education"} <= traps


@pytest.fixture(scope="module")
def report(django_db_blocker, judged_set):
    # The session database is seeded: the glossary that feeds names and acronyms is the site's own.
    with django_db_blocker.unblock():
        return evaluate(judged_set)


def test_quality_floors(report):
    overall = report.macro()
    assert overall["F1"] >= 0.97, overall
    assert overall["MAP"] >= 0.97, overall
    assert overall["nDCG@10"] >= 0.97, overall
    assert report.macro(report.chinese)["R"] >= 0.98, [(r.q, r.recall) for r in report.chinese if r.recall < 1]


def by_query(report, q, locale="zh-hans"):
    return next(r for r in report.results if (r.q, r.locale) == (q, locale))


@pytest.mark.parametrize(
    ("q", "cross_boundary"),
    [
        ("中国", "zh-syn-developing-countries"),  # 发展中 + 国家
        ("大学生", "zh-new-pku-lecture"),  # 北京大学 + 生物系
        ("中外", "zh-new-foreign-campers"),  # 其中 + 外籍
        ("成都", "zh-new-chengdu-choir"),  # 完成 + 都
        ("和服", "zh-syn-hefuzhuang"),  # 和 + 服装
        ("长沙", "zh-p2-principals-salon"),  # 校长 + 沙龙
        ("生活", "zh-p2-principals-salon"),  # 学生 + 活动
        ("人才", "zh-p2-principals-salon"),  # 个人 + 才能
        ("国家", "zh-p2-parents-survey"),  # 中国 + 家长
        ("重庆", "zh-p2-nankai-120"),  # 隆重 + 庆祝
        ("西安", "zh-p2-shanxi-fund"),  # 山西 + 安排
        ("上海", "zh-p2-island-school"),  # 路上 + 海风
        ("日本", "zh-p2-chongqing-chiangmai"),  # 节日 + 本身
        ("天津", "zh-p2-intern-pay"),  # 每天 + 津贴
        ("南京", "zh-p2-canal-study"),  # 江南 + 京杭
        ("东京", "zh-p2-peking-opera"),  # 山东 + 京剧院
        ("三年级", "zh-p2-pe-exam"),  # 初三 + 年级
        ("王海", "zh-p2-teacher-award"),  # 王海燕, another person
    ],
)
def test_characters_meeting_across_a_word_boundary_are_not_results_when_the_word_exists(report, q, cross_boundary):
    result = by_query(report, q)
    assert result.recall == 1.0
    assert cross_boundary not in result.retrieved


def test_a_place_name_inside_a_longer_name_is_found(report):
    assert by_query(report, "港澳").recall == 1.0  # 港澳台, 粤港澳, 穗港澳
    assert "zh-new-pku-lecture" in by_query(report, "北京").retrieved  # 北京大学


def test_numbers_with_measure_words_and_acronyms(report):
    assert by_query(report, "19所").retrieved == ["zh-guangzhou"]
    assert by_query(report, "368对").precision == 1.0
    # Acronyms the text only spells out, through the glossary.
    assert "en-syn-vocational-fund" in by_query(report, "CSTVE", "en").retrieved
    assert "en-iecc" in by_query(report, "UNESCO", "en").retrieved


def test_english_words_typed_together_prefer_pages_where_they_stand_together(report):
    assert by_query(report, "developing countries", "en").retrieved == ["en-syn-developing-countries"]
    assert by_query(report, "higher education", "en").retrieved == ["en-p2-higher-education"]
    # Three words within SQLite's NEAR window are found on PostgreSQL too.
    assert by_query(report, "vocational education financing", "en").recall == 1.0


def test_a_short_page_about_the_words_ranks_above_a_long_page_that_repeats_them(report):
    # PostgreSQL's ts_rank is normalized by length, as SQLite's bm25 is.
    assert by_query(report, "exchange students", "en").retrieved[0] == "en-p2-exchange-students"


def test_numbers_with_units_keep_number_and_unit_together(report):
    assert by_query(report, "3000万元").retrieved == ["zh-p2-shanxi-fund"]  # not 3000万美元
    assert by_query(report, "20周年").retrieved == ["zh-p2-chongqing-chiangmai"]  # not 120周年
    assert by_query(report, "5天").retrieved == ["zh-p2-changsha-camp"]  # not 15天


@pytest.mark.parametrize(
    ("q", "locale", "expected"),
    [
        ("CSTVE", "zh-hans", {"zh-cstve", "zh-syn-grad-students"}),
        ("Chinese Society of Technical and Vocational Education", "zh-hans", {"zh-cstve", "zh-syn-grad-students"}),
        ("中国职业技术教育学会", "en", {"en-cstve", "en-syn-vocational-fund", "en-syn-curriculum-pilot"}),
        ("联合国教科文组织", "en", {"en-iecc", "en-syn-unesco-crafts"}),
    ],
)
def test_glossary_names_cross_languages(report, q, locale, expected):
    assert set(by_query(report, q, locale).retrieved) == expected


def test_command_prints_per_query_and_summary_and_leaves_the_database_as_it_was(db):
    entries = get_app_config().get_model("IndexEntry").objects.count()
    out = StringIO()
    call_command("search_eval", str(JUDGED_SET), stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert re.fullmatch(r"search_eval: P=[\d.]+ R=[\d.]+ F1=[\d.]+ MAP=[\d.]+ nDCG@10=[\d.]+", lines[-1])
    assert any(line.startswith("[zh-hans] '广州': ") for line in lines)
    assert JudgedDocument.objects.count() == 0
    assert get_app_config().get_model("IndexEntry").objects.count() == entries


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not valid JSON"),
        ("[]", 'expected {"docs"'),
        (json.dumps({"docs": {"a": ["en", "t"]}, "queries": []}), "docs['a'] must be [locale, title, body]"),
        (
            json.dumps({"docs": {"a": ["en", "t", "b"]}, "queries": [{"q": "x", "locale": "en", "relevant": ["b"]}]}),
            "names unknown docs ['b']",
        ),
        (
            json.dumps({"docs": {"a": ["en", "t", "b"]}, "queries": [{"q": "x", "locale": "en", "relevant": []}]}),
            'needs a non-empty "relevant" list',
        ),
    ],
)
def test_bad_judged_files_are_refused_with_a_clear_message(db, tmp_path, content, message):
    path = tmp_path / "set.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match="set.json") as exc:
        call_command("search_eval", str(path), stdout=StringIO())
    assert message in str(exc.value)


def test_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="file not found"):
        call_command("search_eval", str(tmp_path / "nope.json"), stdout=StringIO())
