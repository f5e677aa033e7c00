"""Index- and query-side text for Chinese: bigram streams for recall, marked words for precision."""

import builtins
import json
import logging
from pathlib import Path

import jieba

from search import segmentation
from search.segmentation import Term, bigrams, index_text, parts, query_terms, words

JUDGED_SET = Path(__file__).resolve().parents[2] / "search" / "judged" / "bilingual.json"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_bigrams_cover_every_substring_of_a_run():
    assert bigrams("广州成立") == ["广州", "州成", "成立", "立"]
    assert bigrams("广") == ["广"]


def test_index_text_segments_only_chinese_runs():
    text = index_text("全国首个中外人文交流教育创新区在广州成立 ESG 368对 pai.ycwb.com")
    stream, _, word_list = text.partition("\u2016")
    assert " 在广 广州 州成 " in stream
    assert "ESG" in stream and " 368 对 " in stream and "pai.ycwb.com" in stream
    # Words are marked so that they never equal a bigram: 广州x is the word, 广州 the two characters.
    assert {"广州x", "教育x", "人文x"} <= set(word_list.split())
    assert "广州" not in word_list.split()


def test_english_text_passes_through_unchanged():
    assert index_text("Sino-Foreign Cultural Exchange, 2024") == "Sino-Foreign Cultural Exchange, 2024"


def test_words_inside_names_count_but_words_across_boundaries_do_not():
    assert "广州" in words("广州市教育局日前启动")  # a place inside a longer name
    assert "教育" in words("广州市教育局")
    assert "北京" in words("北京林业大学的学者")
    assert "成分" in words("主要营养成分")  # a word inside a compound
    assert "中国" not in words("呼吁发达国家加大对发展中国家的支持")  # 发展中 + 国家
    assert "和服" not in words("剪纸和服装设计")
    assert "研究生" not in words("科学家如何研究生命的起源")
    assert "成分" not in words("两个氢原子如何结合成分子")
    assert "大学生" not in words("北京大学生物系的教授")


def test_three_character_words_split_only_when_they_name_a_place_or_body():
    assert parts("广州市") == ("广州",)
    assert parts("港澳台") == ("港澳",)
    assert parts("教育局") == ("教育",)
    assert parts("交流电") == () and parts("研究生") == () and parts("夏令营") == ()
    assert "中国" not in parts("发展中国家")


def test_query_terms_phrase_chinese_with_words_and_keep_latin_words():
    assert query_terms("教育创新区 ESG") == [
        Term("教育 育创 创新 新区", chinese=True, words=("教育", "创新"), typed="教育创新区"),
        Term("ESG"),
    ]
    assert query_terms("广") == [Term("广", chinese=True, prefix=True, typed="广")]
    assert query_terms("ESG合作") == [Term("ESG"), Term("合作", chinese=True, words=("合作",), typed="合作")]


def test_a_number_typed_before_chinese_is_part_of_its_phrase():
    assert query_terms("368对") == [Term("368 对", chinese=True, prefix=True, typed="368对")]
    assert query_terms("20500人次")[0].tokens == ["20500", "人次"]
    assert query_terms("5G网络")[0] == Term("5G")  # not a number: two terms


def test_query_terms_drop_operators_quotes_and_sql():
    assert query_terms('"NEAR( *AND) OR') == [Term("NEAR"), Term("AND"), Term("OR")]
    assert query_terms("'; DROP TABLE x;--") == [Term("DROP"), Term("TABLE"), Term("x")]
    assert query_terms("\x00 ()*:^ ") == []


def chinese_texts():
    data = json.loads(JUDGED_SET.read_text(encoding="utf-8"))
    texts = [title + body for locale, title, body in data["docs"].values() if locale == "zh-hans"]
    texts += [q["q"] for q in data["queries"]]
    texts += [path.read_text(encoding="utf-8") for path in SEEDS.glob("*.txt")]
    texts += [path.read_text(encoding="utf-8") for path in (SEEDS / "translations" / "zh_Hans").glob("*.po")]
    return [run for text in texts for run in segmentation.CJK_RUN.findall(text)]


def test_rjieba_gives_jiebas_words_on_the_judged_set_and_the_source_texts():
    import rjieba

    jieba.setLogLevel(logging.WARNING)
    runs = chinese_texts()
    assert len(runs) > 500
    differing = [run for run in runs if rjieba.cut(run) != jieba.lcut(run)]
    assert differing == []


def test_without_rjieba_jieba_segments_the_same(monkeypatch):
    real_import = builtins.__import__

    def no_rjieba(name, *args, **kwargs):
        if name == "rjieba":
            raise ImportError("blocked for this test")
        return real_import(name, *args, **kwargs)

    segmentation._cutter.cache_clear()
    monkeypatch.setattr(builtins, "__import__", no_rjieba)
    try:
        assert segmentation._cutter() is jieba.lcut
        assert words("全国首个中外人文交流教育创新区在广州成立") == [
            *["全国", "首个", "中外", "人文", "交流", "教育", "创新", "广州", "成立"]
        ]
    finally:
        monkeypatch.undo()
        segmentation._cutter.cache_clear()
    assert segmentation._cutter() is not jieba.lcut
