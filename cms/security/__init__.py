"""What keeps the site hard to break online: input checks at the edge, CSP, login throttling.

Middleware order (cms/settings/base.py), and why:

1. SecurityMiddleware        HSTS, nosniff, referrer policy, SSL redirect: first, for every response.
   (WhiteNoise in production) static files answer before anything below runs.
2. EdgeInputMiddleware       refuses TRACE, writes to public pages, NUL/control characters, invalid
                             UTF-8, over-long values and over-large bodies before any view, form,
                             session or database sees them.
3. SessionMiddleware … XFrameOptionsMiddleware   Django's usual stack (LocaleMiddleware activates
                             the language from the URL prefix).
4. SiteCSPMiddleware         sets the Content-Security-Policy header on the way out; it must wrap
                             every view that renders a template so `request.csp_nonce` is set in time.
5. AxesMiddleware            last: turns a locked-out login into the lockout page.

A response cache placed above these (cache middleware) must keep them below it, so that a cached
response was checked once and still carries its headers.
"""
