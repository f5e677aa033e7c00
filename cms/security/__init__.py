"""What keeps the site hard to break online: input checks at the edge, CSP, login throttling.

Middleware order (cms/settings/base.py), and why:

1. SecurityMiddleware        HSTS, nosniff, referrer policy, SSL redirect: first, for every response.
   (WhiteNoise in production) static files answer before anything below runs.
2. EdgeInputMiddleware       refuses TRACE, writes to public pages, NUL/control characters, invalid
                             UTF-8, over-long values and over-large bodies before any view, form,
                             session, cache or database sees them.
   PageCacheMiddleware       answers anonymous page views from the cache (cms/page_cache/): below the
                             edge checks, so hostile requests never reach the cache either. A stored
                             page keeps the headers it was made with, the CSP header included
                             (public pages use no nonce, so the stored policy stays valid).
3. SessionMiddleware … XFrameOptionsMiddleware   Django's usual stack (LocaleMiddleware activates
                             the language from the URL prefix).
4. SiteCSPMiddleware         sets the Content-Security-Policy header on the way out; it must wrap
                             every view that renders a template so `request.csp_nonce` is set in time.
5. AxesMiddleware            last: turns a locked-out login into the lockout page.
"""
