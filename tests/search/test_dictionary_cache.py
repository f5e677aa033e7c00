"""jieba's dictionary is parsed once and kept in a cache file that later processes read instead."""

from pathlib import Path

import jieba

from search import segmentation

DICT = Path(jieba.__file__).parent / "dict.txt"


def _files_in(folder):
    def files(path):
        return [folder / "user" / "dict.marshal", folder / "tmp" / "dict.marshal"]

    return files


def test_a_cached_dictionary_is_the_parsed_one(tmp_path, monkeypatch):
    monkeypatch.setattr(segmentation, "_dictionary_cache_files", _files_in(tmp_path))
    assert segmentation._cached_dictionary(DICT) is None
    parsed = segmentation._parse_dictionary(DICT)  # writes the cache
    assert (tmp_path / "user" / "dict.marshal").exists()
    cached = segmentation._cached_dictionary(DICT)
    assert cached == parsed
    assert list(cached[0]) == list(parsed[0])  # same order too
    assert cached == segmentation._dictionary()


def test_a_damaged_cache_file_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setattr(segmentation, "_dictionary_cache_files", _files_in(tmp_path))
    (tmp_path / "user").mkdir()
    (tmp_path / "user" / "dict.marshal").write_bytes(b"\x00not marshal")
    assert segmentation._cached_dictionary(DICT) is None
    parsed = segmentation._parse_dictionary(DICT)  # and replaces it
    assert segmentation._cached_dictionary(DICT) == parsed


def test_the_temporary_directory_when_the_user_cache_is_not_writable(tmp_path, monkeypatch):
    monkeypatch.setattr(segmentation, "_dictionary_cache_files", _files_in(tmp_path))
    (tmp_path / "user").write_text("a file where the folder should be")
    parsed = segmentation._parse_dictionary(DICT)
    assert (tmp_path / "tmp" / "dict.marshal").exists()
    assert segmentation._cached_dictionary(DICT) == parsed
    assert [path.name for path in (tmp_path / "tmp").iterdir()] == ["dict.marshal"]  # no partial file left


def test_the_cache_file_name_changes_with_the_dictionary_file(tmp_path):
    copy = tmp_path / "dict.txt"
    copy.write_bytes(DICT.read_bytes())
    before = segmentation._dictionary_cache_files(copy)
    copy.write_bytes(DICT.read_bytes() + "新词 3 n\n".encode())
    assert segmentation._dictionary_cache_files(copy)[0] != before[0]
