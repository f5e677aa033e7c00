"""The newsroom's review step: a release goes live when a moderator approves it.

"News review" is a Wagtail workflow with one group approval task, "Moderator approval", for the
"Moderators" group, assigned to the news index of every language. Editors (Wagtail's "Editors" group:
add and change, no publish) write a release and submit it; a moderator approves, which publishes it
(or schedules it, if it has a go-live time). Its Chinese alias goes live with it (Wagtail's aliases).

Chinese translations do not go through this workflow: translated pages cannot be submitted for
moderation (cms/translation_queue/permissions.py), and an approved translation is published by the
translation queue (drafts.publish), which publishes the reviewed revision directly. The workflow on the
Chinese news index is there so that the page a moderator or editor sees for any release names the same
review step, whichever language tree it is opened from.

Built by `manage.py seed` (ensure_news_review), idempotently: a second run changes nothing.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupApprovalTask, GroupPagePermission, Page, Workflow, WorkflowPage, WorkflowTask

WORKFLOW_NAME = "News review"
TASK_NAME = "Moderator approval"
MODERATORS = "Moderators"
EDITORS = "Editors"
# What each group may do on the source-language site when the seed has to create the group itself
# (Wagtail's first migration makes both, with these rights on the root page).
GROUP_PAGE_PERMISSIONS = {
    EDITORS: ("add_page", "change_page"),
    MODERATORS: ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
}


def _ensure_group(name: str, home: Page, changes: list[str]) -> Group:
    group, created = Group.objects.get_or_create(name=name)
    if created or not GroupPagePermission.objects.filter(group=group).exists():
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
        )
        for codename in GROUP_PAGE_PERMISSIONS[name]:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)
        changes.append(f"group:{name}")
    return group


def ensure_news_review(news_indexes, home: Page) -> list[str]:
    """Create or complete the "News review" workflow and assign it to `news_indexes`; returns what changed."""
    changes: list[str] = []
    moderators = _ensure_group(MODERATORS, home, changes)
    _ensure_group(EDITORS, home, changes)

    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
        changes.append(f"task:{TASK_NAME}")
    if not task.active:
        task.active = True
        task.save(update_fields=["active"])
        changes.append(f"task:{TASK_NAME}")
    if not task.groups.filter(pk=moderators.pk).exists():
        task.groups.add(moderators)
        changes.append(f"task:{TASK_NAME}")

    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if created or not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
        changes.append(f"workflow:{WORKFLOW_NAME}")
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=workflow.workflow_tasks.count())
        changes.append(f"workflow:{WORKFLOW_NAME}")

    for index in news_indexes:
        assigned = WorkflowPage.objects.filter(page=index).first()
        if assigned is None or assigned.workflow_id != workflow.pk:
            WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
            changes.append(f"workflow:{WORKFLOW_NAME} on {index.url_path}")
    return list(dict.fromkeys(changes))
