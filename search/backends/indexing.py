"""The index side, shared by both databases: every indexed string goes through `index_text`."""

from search.segmentation import index_text


def segmenting_indexer(base_indexer):
    """A subclass of modelsearch's ObjectIndexer whose prepared values have their Chinese runs segmented."""

    class SegmentingObjectIndexer(base_indexer):
        def prepare_field(self, obj, field):
            """modelsearch's (field, …, text) items of one of the object's search fields, the text segmented.

            The object's own fields are prepared once: modelsearch walks every search field once per
            column it fills (title, body, autocomplete, and on PostgreSQL title_text and body_text),
            reading each value again (a method, a related query). A field's whole text is segmented
            once, here: modelsearch's prepare_value joins a list (a StreamField's searchable content,
            tags) from the prepared items, and segmenting those too would segment the bigrams again.
            Values of related objects (RelatedFields) pass through unsegmented to the call for the
            object's own field that holds them, which segments them."""
            if obj is not self.obj:
                yield from super().prepare_field(obj, field)
                return
            prepared = self.__dict__.setdefault("_prepared", {})
            if id(field) not in prepared:  # the fields live as long as the indexer (its search_fields)
                prepared[id(field)] = [
                    (*rest, self.segmented(text)) for *rest, text in super().prepare_field(obj, field)
                ]
            yield from prepared[id(field)]

        def unsegmented_items(self):
            """modelsearch's (field, …, text) items of all the object's search fields, as written."""
            for field in self.search_fields:
                yield from base_indexer.prepare_field(self, self.obj, field)

        def segmented(self, text):
            """`index_text(text)`, once per distinct text of the object (a title is also its autocomplete)."""
            texts = self.__dict__.setdefault("_segmented", {})
            if text not in texts:
                texts[text] = index_text(text)
            return texts[text]

        def for_object(self, obj):
            """A new indexer of another object of this one's class, made without modelsearch's __init__,
            whose get_search_fields() rebuilds the class's list on every call: a fifth of the time of
            indexing a short document. What __init__ sets besides the object (search fields, the
            backend's configs) is the same for every object of a class."""
            indexer = type(self).__new__(type(self))
            indexer.__dict__.update(self._initial_state, obj=obj)
            return indexer

        @classmethod
        def first_of_class(cls, obj, backend):
            indexer = cls(obj, backend)
            indexer._initial_state = dict(indexer.__dict__)
            return indexer

    return SegmentingObjectIndexer


def indexers_for(index, model, objs) -> list:
    """The index's indexers of the objects, as modelsearch's add_items makes them (none when the model
    has no search fields), with each class's search fields read once."""
    if not model.get_search_fields():
        return []
    first_of_class = {}  # object class -> its first indexer
    indexers = []
    for obj in objs:
        first = first_of_class.get(type(obj))
        if first is None:
            indexers.append(first_of_class.setdefault(type(obj), index.indexer.first_of_class(obj, index.backend)))
        else:
            indexers.append(first.for_object(obj))
    return indexers
