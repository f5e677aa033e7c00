"""Prepare the next piece of work in a worker thread while the caller handles the current one."""

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor


def prepared_ahead(pieces: Iterable, prepare: Callable) -> Iterator:
    """`prepare(piece)` for each piece in order, each next piece prepared in one worker thread while the
    caller uses the current result.

    This pays when the caller's work releases the GIL (SQLite writing rows does, in C) and `prepare` is
    Python that needs nothing the caller holds: no database connection, whose use Django keeps to its
    own thread. An exception in `prepare` is raised here, for the piece it failed on. With one piece
    there is no thread.
    """
    pieces = list(pieces)
    if len(pieces) <= 1:
        yield from map(prepare, pieces)
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="prepared-ahead") as worker:
        future = worker.submit(prepare, pieces[0])
        for piece in pieces[1:]:
            result = future.result()
            future = worker.submit(prepare, piece)
            yield result
        yield future.result()
