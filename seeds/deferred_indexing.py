"""Build the search and reference indexes once after the seed, not once per save during it.

Every page, snippet and translation the seed saves is indexed for search and scanned for references
as it is saved, then `manage.py seed` rebuilds both indexes anyway (`update_index`,
`rebuild_references_index`): about a fifth of the seed's time went on work thrown away. Deletions
still update the indexes as they happen.
"""

from contextlib import contextmanager

from django.db.models.signals import post_save
from modelsearch import index
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.signal_handlers import disable_reference_index_auto_update


@contextmanager
def indexes_rebuilt_afterwards():
    """Saves made while this runs update neither index: the caller rebuilds both afterwards."""
    models = [model for model in index.get_indexed_models() if getattr(model, "search_auto_update", True)]
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)
