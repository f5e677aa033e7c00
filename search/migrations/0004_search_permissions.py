"""Editors and moderators pin search results (Wagtail's search promotions) and see the searches with no
results report. The permissions are created here if post_migrate has not made them yet (a new database)."""

from django.db import migrations

GROUPS = ("Editors", "Moderators")
PERMISSIONS = [
    ("wagtailsearchpromotions", "searchpromotion", "add_searchpromotion", "Can add search promotion"),
    ("wagtailsearchpromotions", "searchpromotion", "change_searchpromotion", "Can change search promotion"),
    ("wagtailsearchpromotions", "searchpromotion", "delete_searchpromotion", "Can delete search promotion"),
    ("search", "searchqueryday", "view_search_report", "Can view the searches with no results report"),
]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permissions = []
    for app_label, model, codename, name in PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        permissions.append(permission)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_query_log"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
        ("wagtailcore", "0002_initial_data"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
