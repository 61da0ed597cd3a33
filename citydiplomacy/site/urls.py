from django.urls import path

from citydiplomacy.site import views

app_name = "site"
urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("search/", views.search, name="search"),
    path("search/suggest/", views.suggest, name="suggest"),
    path("search/options/<str:kind>/", views.options, name="options"),
    path("export/<str:dataset>.<str:fmt>", views.export_download, name="export"),
    path("export/<str:dataset>.<str:fmt>/status/", views.export_status, name="export_status"),
]
