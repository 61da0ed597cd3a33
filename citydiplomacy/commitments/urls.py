from django.urls import path

from citydiplomacy.commitments import views

app_name = "commitments"
urlpatterns = [
    path("commitments/", views.commitment_list, name="list"),
    path("commitments/new/", views.commitment_edit, name="new"),
    path("commitments/<int:pk>/", views.commitment_detail, name="detail"),
    path("commitments/<int:pk>/edit/", views.commitment_edit, name="edit"),
    path("commitments/<int:pk>/delete/", views.commitment_remove, name="delete"),
    path("commitments/inventories/new/", views.inventory_new, name="inventory-new"),
    path("commitments/progress/new/", views.progress_new, name="progress-new"),
    path("commitments/coalition-weight/", views.coalition_weight_page, name="weight"),
    path("commitments/coalition-weight.csv", views.coalition_weight_csv, name="weight-csv"),
    path("cities/<int:geonames_id>/obligations/", views.city_obligations, name="obligations"),
    path(
        "cities/<int:geonames_id>/obligations.ics",
        views.city_obligations_ics,
        name="obligations-ics",
    ),
    path(
        "organisations/<slug:slug>/accountability/",
        views.accountability_report,
        name="accountability",
    ),
    path(
        "organisations/<slug:slug>/accountability/print/",
        views.accountability_print,
        name="accountability-print",
    ),
    path(
        "organisations/<slug:slug>/accountability.csv",
        views.accountability_csv,
        name="accountability-csv",
    ),
]
