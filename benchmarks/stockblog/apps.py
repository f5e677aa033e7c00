from django.apps import AppConfig


class StockBlogConfig(AppConfig):
    """Wagtail's tutorial blog, unchanged in spirit: the stock baseline `page_bench.py` measures against.

    Installed only by `benchmarks/page_bench_settings.py`: it never reaches the site's database.
    """

    name = "benchmarks.stockblog"
    label = "stockblog"
