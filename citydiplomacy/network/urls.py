from django.urls import path

from citydiplomacy.network import views

app_name = "network"
urlpatterns = [
    path("", views.network_home, name="home"),
    path("city/<int:geonames_id>/", views.city_network, name="city"),
    path("city/<int:geonames_id>/suggestions/", views.city_suggestions, name="suggestions"),
    path("organisation/<slug:slug>/", views.organisation_network, name="organisation"),
    path("connectivity/", views.connectivity_ranking, name="connectivity"),
    path("stats/", views.research_stats, name="stats"),
    path("stats.csv", views.research_stats_csv, name="stats_csv"),
    path("export/<str:layer>.<str:fmt>", views.export, name="export"),
]
