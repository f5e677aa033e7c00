"""Login throttling (django-axes): a few failures per username and address lock that pair out."""

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command

LOGIN = "/admin/login/"


def attempt(client, password, address="203.0.113.7", username="root", **headers):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def logged_in(client):
    return "_auth_user_id" in client.session


def test_five_wrong_passwords_lock_the_account_for_that_address(client, superuser):
    for _ in range(4):
        assert attempt(client, "wrong").status_code == 200  # the login form again, with its error
    locked = attempt(client, "wrong")
    assert locked.status_code == 429
    assert "Too many failed log-in attempts for this account from your address" in locked.content.decode()
    # Now even the right password is refused.
    assert attempt(client, "correct-horse").status_code == 429
    assert not logged_in(client)


def test_lockout_message_is_translated(client, superuser):
    for _ in range(5):
        response = attempt(client, "wrong", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response.status_code == 429
    html = response.content.decode()
    assert '<html lang="zh-hans"' in html
    assert "登录失败次数过多" in html and "15 分钟" in html


def test_other_addresses_and_other_users_are_not_locked_out(client, superuser, translator):
    for _ in range(5):
        attempt(client, "wrong")
    assert attempt(client, "translate-me", username="tian").status_code == 302
    client.logout()
    assert attempt(client, "correct-horse", address="198.51.100.1").status_code == 302


def test_the_right_password_before_the_limit_resets_the_count(client, superuser):
    for _ in range(4):
        attempt(client, "wrong")
    assert attempt(client, "correct-horse").status_code == 302
    client.logout()
    for _ in range(4):
        assert attempt(client, "wrong").status_code == 200


def test_an_administrator_unlocks_with_a_command(client, superuser):
    for _ in range(5):
        attempt(client, "wrong")
    assert AccessAttempt.objects.filter(username="root").exists()
    call_command("axes_reset_username", "root")
    response = attempt(client, "correct-horse")
    assert response.status_code == 302
    assert logged_in(client)


@pytest.mark.parametrize("proxies", [0, 1])
def test_address_behind_a_proxy(client, superuser, settings, proxies):
    """Behind one trusted proxy the address is the proxy's last X-Forwarded-For entry: a client
    cannot dodge the lockout by sending its own X-Forwarded-For."""
    settings.TRUSTED_PROXY_COUNT = proxies
    for number in range(5):
        response = attempt(client, "wrong", address="10.0.0.2", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, 203.0.113.9")
    assert response.status_code == 429
    ips = set(AccessAttempt.objects.values_list("ip_address", flat=True))
    assert ips == ({"203.0.113.9"} if proxies else {"10.0.0.2"})
