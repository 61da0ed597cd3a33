from django.urls import path

from citydiplomacy.sources import views

app_name = "sources"
urlpatterns = [
    path("", views.source_list, name="list"),
    path("new/", views.source_edit, name="new"),
    path("<str:key>/", views.source_detail, name="detail"),
    path("<str:key>/edit/", views.source_edit, name="edit"),
    path("<str:key>/delete/", views.source_remove, name="delete"),
]
