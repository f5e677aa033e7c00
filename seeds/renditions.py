"""The seed's renditions: encoded on worker threads while the build goes on, each distinct picture once.

Encoding (AVIF above all) was about a third of the seed's time, and it needs no database. So when the
seed stores an image it only hands the renditions the templates use to worker threads, and goes on
building pages and translations on the main thread (Pillow encodes without holding the GIL); the
rendition rows are written at the end of the build, inside its transaction, through Wagtail's own
`get_renditions`, so names, sizes and cache entries are Wagtail's.

Two filters that crop and scale an image the same way and write the same format make the same file:
on a 16:9 cover `width-800` and `fill-800x450` are one 800×450 picture. Such twins are encoded once
and stored under both names, byte for byte what encoding each would give.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from django.core.files import File
from wagtail.images.image_operations import FilterOperation
from wagtail.images.models import Filter

from cms.images import expanded

# Worker threads beside the main one: the machine the seed runs on may have two cores only, and
# libavif spreads each AVIF encode over the cores itself.
WORKERS = 2
# Their niceness: the build on the main thread is the longer task, so it keeps its core and the encodes
# take the rest (on Linux a thread has its own niceness, and the encoder threads libavif starts inherit it).
NICENESS = 10


def _lower_priority() -> None:
    if sys.platform == "linux":
        with contextlib.suppress(OSError):  # not allowed here: the workers keep the build's priority
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICENESS)


def output_key(filter: Filter, image) -> tuple:
    """What decides a rendition's bytes: the area cropped, the size scaled to, and the format operations."""
    transform = filter.get_transform(image)
    formatting = tuple(
        part
        for part, operation in zip(filter.spec.split("|"), filter.operations, strict=True)
        if isinstance(operation, FilterOperation)
    )
    return tuple(transform.get_rect().round()), tuple(transform.size), formatting


def encode(filter: Filter, image, png: bytes):
    """Run `filter` on the image's original as Wagtail would; (willow file class, bytes)."""
    output = io.BytesIO()
    result = Filter.run(filter, image, output, source=File(io.BytesIO(png), name=image.file.name))
    return type(result), output.getvalue()


class EncodedFilter(Filter):
    """A filter whose output is being encoded on a worker: `run` writes those bytes instead of encoding."""

    def __init__(self, spec: str, encoded: Future):
        super().__init__(spec=spec)
        self.encoded = encoded

    def run(self, image, output, source=None):
        willow_class, data = self.encoded.result()
        output.write(data)
        return willow_class(output)


class BackgroundRenditions:
    """Collects the renditions to make while the build runs (`add`), stores them when it ends (`store`)."""

    def __init__(self, workers: int = WORKERS):
        self.executor = ThreadPoolExecutor(
            max_workers=workers, thread_name_prefix="seed-renditions", initializer=_lower_priority
        )
        self.queued: list[tuple[object, list[EncodedFilter]]] = []

    def add(self, image, png: bytes, *specs: str) -> None:
        """Start encoding the renditions of `image` (drawn as `png`) for `specs` that it lacks."""
        filters = [Filter(spec=name) for spec in specs for name in expanded(spec)]
        existing = image.find_existing_renditions(*filters)
        encodes: dict[tuple, Future] = {}
        wanted = []
        for filter in filters:
            if filter in existing:
                continue
            key = output_key(filter, image)
            if key not in encodes:
                encodes[key] = self.executor.submit(encode, filter, image, png)
            wanted.append(EncodedFilter(filter.spec, encodes[key]))
        if wanted:
            self.queued.append((image, wanted))

    def store(self) -> None:
        """Write the rendition rows and files (waiting for the encodes still running)."""
        for image, filters in self.queued:
            image.get_renditions(*filters)
        self.queued.clear()

    def close(self) -> None:
        """Stop the workers; encodes not started are dropped (the build failed, or all are stored)."""
        self.executor.shutdown(wait=True, cancel_futures=True)
