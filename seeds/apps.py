from django.apps import AppConfig


class SeedsConfig(AppConfig):
    """Source texts, their parser and the `seed` command that builds the site from them."""

    name = "seeds"
