"""The Content-Security-Policy watch itself: a script the page did not send is refused and reported.

Every browser test fails on a violation (tests/browser/conftest.py); this one shows the watch can see one.
"""

import pytest

from tests.browser.conftest import CSP_VIOLATIONS

pytestmark = pytest.mark.browser


def test_an_injected_inline_script_is_refused_and_reported(page, site_url):
    page.goto(f"{site_url}/zh-hans/")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.body.appendChild(script);
        }"""
    )
    page.wait_for_function("() => true")
    assert page.evaluate("() => window.injected === undefined")  # it did not run
    assert any("script-src" in violation for violation in CSP_VIOLATIONS), CSP_VIOLATIONS
    CSP_VIOLATIONS.clear()  # expected here: the watch would otherwise fail this test
