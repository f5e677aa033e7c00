from django.apps import AppConfig


class CmsConfig(AppConfig):
    """The project package as an app: base templates, static files, shared blocks and template tags."""

    name = "cms"
    verbose_name = "Site"

    def ready(self):
        from cms import footer, push, share_images
        from cms.page_cache import signals

        footer.connect()
        signals.connect_snippets()
        push.connect()
        share_images.connect()
