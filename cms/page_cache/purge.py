"""Carry out a purge plan: new cache tokens now and after commit, then the frontend cache (CDN).

Tokens are replaced at once, so a request later in the same transaction (or a test that never commits)
sees the change, and again after commit, because a request that read the committed-before data in
between may have stored it under the new tokens. The CDN is told only after commit, when it would
fetch the new content, and only the URLs of the changed language and its hreflang siblings:
`WAGTAILFRONTENDCACHE_LANGUAGES` is empty, so Wagtail does not rewrite each URL into every language.
"""

from __future__ import annotations

import logging
from functools import partial
from threading import local

from django.conf import settings
from django.db import transaction

from . import store
from .dependencies import Plan

logger = logging.getLogger(__name__)
_state = local()


def purge(plan: Plan) -> None:
    if not plan.urls and not plan.languages:
        return
    _bump(plan)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _after_commit(plan)
        return
    # One callback per transaction collects every purge in it. A rollback drops the callback from the
    # connection's queue, and the next purge starts a new batch.
    batch = getattr(_state, "batch", None)
    if batch is None or not any(entry[1] is batch for entry in connection.run_on_commit):
        batch = _state.batch = partial(_after_commit, Plan())
        transaction.on_commit(batch, robust=True)
    batch.args[0].update(plan)


def _bump(plan: Plan) -> None:
    try:
        store.bump(paths=plan.paths, languages=plan.languages)
    except Exception:  # an unreachable cache must not undo an editor's publish
        logger.exception("Page cache purge failed for %d paths", len(plan.paths))


def _after_commit(plan: Plan) -> None:
    _bump(plan)
    purge_frontend(plan)


def purge_frontend(plan: Plan) -> None:
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    try:
        purge_urls_from_cache(sorted(plan.urls))
    except Exception:
        logger.exception("Frontend cache purge failed for %d URLs", len(plan.urls))
