"""The anonymous page cache: whole responses per URL, purged by what a change shows on.

- `store`: entries keyed by URL under version tokens per path and per language; a purge replaces tokens.
- `middleware`: serves a hit before any other work; stores public page responses with ETag,
  Last-Modified and Cache-Control for a CDN.
- `dependencies`: which pages show a changed page or topic (counterparts, ancestors, references).
- `purge`: bumps the tokens now and again after commit, and purges a configured frontend cache.
- `signals`: Wagtail's and Django's signals that start a purge.
"""
