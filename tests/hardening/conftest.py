import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group


@pytest.fixture
def translator(seeded):
    user = get_user_model().objects.create_user("tian", "tian@example.org", "translate-me")
    user.groups.add(Group.objects.get(name="zh-hans translators"))
    return user


@pytest.fixture
def superuser(seeded):
    return get_user_model().objects.create_superuser("root", "root@example.org", "correct-horse")
