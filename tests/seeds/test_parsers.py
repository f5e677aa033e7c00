"""The source-text parser, on the real texts and on the shapes of bad input it must reject."""

from pathlib import Path

import pytest

from seeds.catalog import SOURCE_ENDINGS, SOURCE_FILES, UNTITLED_SOURCES
from seeds.parsers import (
    Ending,
    SeedSourceError,
    check_complete,
    ends_sentence,
    parse_document,
    parse_file,
    read_source,
)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def parse(key, folder=SEEDS):
    """Parse a source text as the seed does: with the check that it is complete."""
    return parse_file(folder / SOURCE_FILES[key], titled=key not in UNTITLED_SOURCES, ending=SOURCE_ENDINGS[key])


def test_iecc_profile_has_title_paragraphs_and_contact_fields():
    doc = parse("iecc")
    assert doc.title.startswith("A Brief Introduction of CNCC")
    assert len(doc.paragraphs) == 4
    assert doc.contact == {
        "address": "No.43,Ping’anli Xidajie, Beijing, China",
        "postal_code": "100035",
        "phones": "010-66514910、66514420、66110826",
        "fax": "010-66160122",
    }


def test_cstve_contact_line_with_several_labels_is_split_and_named():
    doc = parse("cstve")
    assert doc.title == ""
    assert doc.contact["name"] == "The Chinese Society of Technical and Vocational Education International Department"
    assert doc.contact["postal_code"] == "100029"
    assert doc.contact["phones"] == "010--53656705/53656307/53656785"
    assert doc.contact["contacts"] == "Mr. Gu and Ms. Dai"
    assert "website" not in doc.contact  # "Website: E-mail:" carries no values
    [centres] = doc.sections
    assert centres.heading == "Three service centers of the International Department:"
    assert [item.term for item in centres.items] == [
        "Resource Platform",
        "Co-operative course",
        "Credits recognition",
        "Approval Support",
    ]
    assert not centres.numbered


def test_uniccc_sections_items_and_signatory():
    doc = parse("uniccc")
    headings = [s.heading for s in doc.sections]
    assert headings == [
        "Purpose",
        "Main tasks",
        "Main functions",
        "Business scope",
        "Organizational structure",
        "Operations",
    ]
    structure = doc.sections[4]
    # "1. Executive Committee" takes the paragraph that follows it as its text.
    assert structure.items[0].term == "Executive Committee"
    assert structure.items[0].text.startswith("The Executive Committee is the highest decision-making body")
    assert all(s.numbered for s in doc.sections)
    assert len(doc.sections[5].items) == 6
    assert doc.signatory == ["Dr. TANG Jian (Ph. D)", "Executive President & Secretary-General of UNICCC"]


def test_guangzhou_release_has_english_and_chinese_versions():
    doc = parse("guangzhou")
    assert doc.title.startswith("China's First Sino-Foreign Cultural Exchange")
    assert doc.zh_title == "全国首个中外人文交流教育创新区在广州成立"
    assert len(doc.paragraphs) == len(doc.zh_paragraphs) == 6
    assert ("image", "图片") in doc.blocks
    assert dict(doc.zh_credits) == {
        "文、图": "羊城晚报全媒体记者 蒋隽 通讯员 程开春",
        "翻译": "陈萱",
        "来源": "羊城晚报·羊城派",
        "责编": "古司祺",
    }


def test_ciyec_release_has_updated_date():
    doc = parse("ciyec_kicec")
    assert str(doc.updated) == "2024-05-27"
    assert len(doc.paragraphs) == 12


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"", "file is empty"), (b"  \n\n", "file is empty"), (b"Title\n\xff\xfe broken", "not valid UTF-8")],
)
def test_bad_files_are_rejected_with_their_name(tmp_path, content, problem):
    path = tmp_path / "broken.txt"
    path.write_bytes(content)
    with pytest.raises(SeedSourceError) as exc:
        read_source(path)
    assert problem in str(exc.value)
    assert "broken.txt" in str(exc.value)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(SeedSourceError, match="missing.txt: file not found"):
        read_source(tmp_path / "missing.txt")


def test_a_title_alone_is_not_a_document():
    with pytest.raises(SeedSourceError, match="no paragraphs"):
        parse_document("Only a title\n", "t.txt")


# --- truncation: a file that stops mid-sentence or before its ending -------------------------------


@pytest.mark.parametrize("key", sorted(SOURCE_FILES))
def test_a_source_text_cut_at_half_its_length_is_refused_at_the_line_it_stops(tmp_path, key):
    text = (SEEDS / SOURCE_FILES[key]).read_text(encoding="utf-8")
    cut = text[: len(text) // 2]
    (tmp_path / SOURCE_FILES[key]).write_text(cut, encoding="utf-8")
    with pytest.raises(SeedSourceError) as exc:
        parse(key, tmp_path)
    last_line = cut.rstrip().count("\n") + 1
    assert str(exc.value).startswith(f"{tmp_path / SOURCE_FILES[key]}, line {last_line}: ")
    assert "cut short" in str(exc.value)


@pytest.mark.parametrize("key", sorted(SOURCE_FILES))
def test_a_source_text_cut_anywhere_inside_a_line_is_refused(tmp_path, key):
    """Every cut from 5 % to 95 % of the length that does not fall on a line break."""
    text = (SEEDS / SOURCE_FILES[key]).read_text(encoding="utf-8")
    path = tmp_path / SOURCE_FILES[key]
    for percent in range(5, 96, 5):
        cut = text[: len(text) * percent // 100]
        if cut.endswith("\n") or not cut.splitlines()[-1].strip():
            continue
        path.write_text(cut, encoding="utf-8")
        with pytest.raises(SeedSourceError, match="cut short"):
            parse(key, tmp_path)


def test_uniccc_cut_where_the_incident_cut_it_names_line_32():
    """The incident: the profile cut at half its length lost three of its six sections, silently."""
    text = (SEEDS / SOURCE_FILES["uniccc"]).read_text(encoding="utf-8")
    with pytest.raises(SeedSourceError, match=r"line 32: the text stops at “5”, before its signature"):
        check_complete(parse_document(text[: len(text) // 2], "uniccc.txt"), "uniccc.txt", SOURCE_ENDINGS["uniccc"])


HEAD = "Title\n\nA paragraph.\n"


@pytest.mark.parametrize(
    ("text", "ending", "problem"),
    [
        (HEAD + "\nII. Scope\n", Ending(), r"line 5: the heading “Scope” has nothing under it"),
        (HEAD + "\nII. Scope\n\n  1. Executive Committee\n", Ending(), r"line 7: the point “Executive"),
        (HEAD + "\nII. Scope\n\nIntro.\n  1. Term: text that sto\n", Ending(), r"line 8: .*mid-sentence"),
        ("Title\n\nA paragraph that stops in the mid", Ending(), r"line 3: the text stops mid-sentence"),
        (HEAD + "Address: 1 Road\n", Ending(contact=("address", "fax")), r"line 4: .*(no Fax)"),
        (HEAD + "\nDr. Name\n", Ending(signatory=True), r"line 5: the text stops at “Dr. Name”"),
        (HEAD + "中文标题\n中文段落。\n翻译丨某人\n", Ending(credits=("翻译", "责编")), r"line 6: .*no 责编"),
        (HEAD + "中文标题\n中文段落在中", Ending(credits=("翻译",)), r"line 5: the Chinese version stops"),
    ],
    ids=["empty-heading", "bare-point", "point-cut", "paragraph-cut", "contact", "signature", "credits", "chinese"],
)
def test_incomplete_structure_is_refused_with_its_line(text, ending, problem):
    with pytest.raises(SeedSourceError, match=problem):
        check_complete(parse_document(text, "t.txt"), "t.txt", ending)


def test_lines_that_rightly_lack_a_full_stop_pass():
    """Headings, list terms, contact lines, signature and credits end without one; the running text must not."""
    text = (
        "About Us\n\nIntro paragraph.\n\nI. Purpose\n\nIts purposes are these.\n  1. Rights: Protect them.\n"
        "\nClosing words, long enough not to be a signature line. (More news at www.example.org)\n"
        "\nDr. A (Ph. D)\n\nPresident of B\n"
    )
    doc = parse_document(text, "t.txt")
    check_complete(doc, "t.txt", Ending(signatory=True))
    assert doc.signatory == ["Dr. A (Ph. D)", "President of B"]


@pytest.mark.parametrize(
    ("text", "complete"),
    [
        ("It ends.", True),
        ("他说：“好。”", True),
        ("交流水平。(更多新闻资讯,请关注羊城派 pai.ycwb.com)", True),
        ("Really?", True),
        ("交流水平。(更多新闻资讯", False),
        ("and the Eu", False),
        ("see (this", False),
    ],
)
def test_ends_sentence(text, complete):
    assert ends_sentence(text) is complete
