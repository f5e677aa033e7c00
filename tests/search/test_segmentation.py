"""Index- and query-side text for Chinese: bigram streams for recall, jieba words for ranking."""

from search.segmentation import Term, bigrams, index_text, query_terms


def test_bigrams_cover_every_substring_of_a_run():
    assert bigrams("广州成立") == ["广州", "州成", "成立", "立"]
    assert bigrams("广") == ["广"]


def test_index_text_segments_only_chinese_runs():
    text = index_text("全国首个中外人文交流教育创新区在广州成立 ESG 368对 pai.ycwb.com")
    stream, _, word_list = text.partition("\u2016")
    assert " 在广 广州 州成 " in stream
    assert "ESG" in stream and " 368 " in stream and "pai.ycwb.com" in stream
    assert "广州" in word_list.split() and "教育" in word_list.split()


def test_english_text_passes_through_unchanged():
    assert index_text("Sino-Foreign Cultural Exchange, 2024") == "Sino-Foreign Cultural Exchange, 2024"


def test_query_terms_phrase_chinese_and_keep_latin_words():
    assert query_terms("教育创新区 ESG") == [Term("教育 育创 创新 新区", chinese=True), Term("ESG")]
    assert query_terms("广") == [Term("广", chinese=True, prefix=True)]
    assert query_terms("ESG合作") == [Term("ESG"), Term("合作", chinese=True)]


def test_query_terms_drop_operators_quotes_and_sql():
    assert query_terms('"NEAR( *AND) OR') == [Term("NEAR"), Term("AND"), Term("OR")]
    assert query_terms("'; DROP TABLE x;--") == [Term("DROP"), Term("TABLE"), Term("x")]
    assert query_terms("\x00 ()*:^ ") == []
