"""Refuse hostile input before any view, form or database sees it.

A NUL in a parameter is a 500 on PostgreSQL (`DataError`), invalid UTF-8 is silently turned into
U+FFFD by Django, and a large upload occupies a worker while it is parsed only to be refused. Here
each is a 400 (or 405/413) naming what is wrong and where, the same on every database.
"""

from __future__ import annotations

import re
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.http.multipartparser import MultiPartParserError
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from cms.errors import error_language, render_error

# C0 controls except tab, line feed and carriage return (which forms legitimately carry), and DEL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A JSON string escape for NUL ("\u0000"), not preceded by an escaping backslash.
JSON_NUL_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\u0000", re.IGNORECASE)
REFUSED_EVERYWHERE = frozenset({"TRACE", "TRACK", "CONNECT"})
READ_ONLY_METHODS = ("GET", "HEAD")


class BadInput(Exception):
    """What is wrong with a request, in words for the visitor (status 400 unless told)."""

    def __init__(self, message: str, status: int = 400, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.headers = headers or {}


def _describe(char: str) -> str:
    return {"\x00": "NUL"}.get(char, f"U+{ord(char):04X}")


def check_text(value: str, where: str, max_length: int | None) -> None:
    if match := CONTROL_CHARACTERS.search(value):
        raise BadInput(
            _("%(where)s contains a control character (%(char)s) at position %(position)d; it is not allowed.")
            % {"where": where, "char": _describe(match.group()), "position": match.start() + 1}
        )
    if max_length is not None and len(value) > max_length:
        raise BadInput(
            _("%(where)s is %(length)d characters long; the limit is %(limit)d.")
            % {"where": where, "length": len(value), "limit": max_length}
        )


def field_label(kind: str, name: str) -> str:
    return (_("Query parameter “%(name)s”") if kind == "query" else _("Form field “%(name)s”")) % {"name": name}


def parse_pairs(raw: bytes, kind: str, max_length: int | None) -> None:
    """Check an application/x-www-form-urlencoded string strictly: UTF-8, no controls, bounded values.

    `kind` is "query" or "form" (for the messages)."""
    for number, chunk in enumerate(raw.split(b"&"), start=1):
        if not chunk:
            continue
        name_bytes, _sep, value_bytes = chunk.partition(b"=")
        unnamed = (
            _("The name of query parameter %(number)d") if kind == "query" else _("The name of form field %(number)d")
        ) % {"number": number}
        try:
            name = unquote_to_bytes(name_bytes.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            raise BadInput(_("%(where)s is not valid UTF-8.") % {"where": unnamed}) from None
        check_text(name, unnamed, 200)
        where = field_label(kind, name[:40])
        try:
            value = unquote_to_bytes(value_bytes.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BadInput(
                _("%(where)s is not valid UTF-8 (byte %(position)d).") % {"where": where, "position": exc.start + 1}
            ) from None
        check_text(value, where, max_length)


class EdgeInputMiddleware:
    """Checks method, path, query string and body of every request; see cms/security/__init__.py for its place."""

    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def writable(self):
        return [re.compile(pattern) for pattern in settings.EDGE_WRITABLE_URL_PATTERNS]

    @cached_property
    def body_limits(self):
        return [(re.compile(pattern), limit) for pattern, limit in settings.EDGE_BODY_LIMITS]

    def __call__(self, request):
        try:
            # Messages in the visitor's language: LocaleMiddleware has not run yet.
            with translation.override(error_language(request)):
                self.check(request)
        except BadInput as problem:
            response = render_error(request, problem.status, problem.message)
            for name, value in problem.headers.items():
                response[name] = value
            return response
        return self.get_response(request)

    def check(self, request) -> None:
        self.check_method(request)
        check_text(request.path_info, _("The address"), settings.EDGE_MAX_PATH_LENGTH)
        raw_query = request.META.get("QUERY_STRING", "").encode("iso-8859-1", "replace")
        parse_pairs(raw_query, "query", settings.EDGE_MAX_QUERY_VALUE_LENGTH)
        if request.method not in READ_ONLY_METHODS:
            self.check_body(request)

    def check_method(self, request) -> None:
        method = request.method
        writable = any(pattern.search(request.path_info) for pattern in self.writable)
        allowed = "GET, HEAD, POST" if writable else "GET, HEAD"
        if method in REFUSED_EVERYWHERE or (method not in READ_ONLY_METHODS and not writable):
            raise BadInput(
                _("This address does not accept %(method)s requests; it answers %(allowed)s.")
                % {"method": method[:20], "allowed": allowed},
                status=405,
                headers={"Allow": allowed},
            )

    def body_limit(self, path: str) -> int:
        for pattern, limit in self.body_limits:
            if pattern.search(path):
                return limit
        return settings.EDGE_MAX_BODY_BYTES

    def check_body(self, request) -> None:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise BadInput(_("The Content-Length header is not a number.")) from None
        limit = self.body_limit(request.path_info)
        if length > limit:
            raise BadInput(
                _("The request is %(size)s; this address accepts at most %(limit)s.")
                % {"size": filesizeformat(length), "limit": filesizeformat(limit)},
                status=413,
            )
        content_type = request.content_type or ""
        try:
            if content_type == "application/x-www-form-urlencoded":
                parse_pairs(request.body, "form", settings.EDGE_MAX_FORM_VALUE_LENGTH)
            elif content_type == "multipart/form-data":
                self.check_multipart(request)
            elif content_type == "application/json" or content_type.endswith("+json"):
                self.check_json(request.body)
        except (RequestDataTooBig, TooManyFieldsSent, MultiPartParserError, SuspiciousOperation) as exc:
            raise BadInput(_("The form could not be read: %(reason)s") % {"reason": exc}) from None

    def check_multipart(self, request) -> None:
        for number, (name, values) in enumerate(request.POST.lists(), start=1):
            check_text(name, _("The name of form field %(number)d") % {"number": number}, 200)
            where = field_label("form", name[:40])
            for value in values:
                # Django decodes multipart fields with errors="replace": U+FFFD is where the bytes were broken.
                if "\ufffd" in value:
                    raise BadInput(_("%(where)s is not valid UTF-8.") % {"where": where})
                check_text(value, where, settings.EDGE_MAX_FORM_VALUE_LENGTH)
        # File names need no check: Django's parser already drops their unprintable characters.

    def check_json(self, body: bytes) -> None:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BadInput(
                _("The JSON body is not valid UTF-8 (byte %(position)d).") % {"position": exc.start + 1}
            ) from None
        if match := JSON_NUL_ESCAPE.search(text) or CONTROL_CHARACTERS.search(text):
            raise BadInput(
                _("The JSON body contains a NUL or control character at position %(position)d; it is not allowed.")
                % {"position": match.start() + 1}
            )
