from django.urls import path

from . import listing, reports, views

app_name = "translation_queue"
urlpatterns = [
    path("", listing.QueueIndexView.as_view(), name="index"),
    path("results/", listing.QueueIndexView.as_view(results_only=True), name="index_results"),
    path("batch/", views.batch_action, name="batch"),
    path("batch/import/", views.batch_import, name="batch_import"),
    path("<int:task_id>/review/", views.review, name="review"),
    path("<int:task_id>/preview/", views.preview, name="preview"),
    path("<int:task_id>/po/", views.download_po, name="download_po"),
    path("<int:task_id>/po/upload/", views.upload_po, name="upload_po"),
    path("<int:task_id>/<str:name>/", views.action, name="action"),
]

# Reports (reports.py): the Reports menu links here.
urlpatterns += [
    path("reports/status/", reports.StatusGridView.as_view(), name="report_status"),
    path("reports/status/results/", reports.StatusGridView.as_view(results_only=True), name="report_status_results"),
    path("reports/figures/", reports.FiguresView.as_view(), name="report_figures"),
]
