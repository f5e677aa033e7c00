"""The source-text parser, on the real texts and on the shapes of bad input it must reject."""

from pathlib import Path

import pytest

from seeds.catalog import SOURCE_FILES, UNTITLED_SOURCES
from seeds.parsers import SeedSourceError, parse_document, parse_file, read_source

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def parse(key):
    return parse_file(SEEDS / SOURCE_FILES[key], titled=key not in UNTITLED_SOURCES)


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
