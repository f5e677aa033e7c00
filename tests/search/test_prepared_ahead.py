"""search.backends.ahead.prepared_ahead: results in order, prepared in a worker, errors raised where they fall."""

import threading

import pytest

from search.backends.ahead import prepared_ahead


def test_results_come_in_order_and_each_next_piece_is_prepared_in_a_worker():
    threads = []

    def prepare(piece):
        threads.append(threading.current_thread().name)
        return piece * 10

    assert list(prepared_ahead([1, 2, 3, 4], prepare)) == [10, 20, 30, 40]
    assert all(name.startswith("prepared-ahead") for name in threads)


def test_one_piece_is_prepared_in_the_callers_thread():
    assert list(prepared_ahead(["only"], lambda piece: threading.current_thread())) == [threading.current_thread()]
    assert list(prepared_ahead([], lambda piece: piece)) == []


def test_a_failing_piece_raises_after_the_results_before_it():
    def prepare(piece):
        if piece == 3:
            raise ValueError(f"cannot prepare {piece}")
        return piece

    results = prepared_ahead([1, 2, 3, 4], prepare)
    assert [next(results), next(results)] == [1, 2]
    with pytest.raises(ValueError, match="cannot prepare 3"):
        next(results)
