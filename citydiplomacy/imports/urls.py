from django.urls import path

from citydiplomacy.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.run_list, name="runs"),
    path("start/", views.run_start, name="start"),
    path("<int:pk>/", views.run_detail, name="run"),
    path("<int:pk>/progress/", views.run_progress, name="progress"),
    path("<int:pk>/report.csv", views.run_report, name="report"),
]
