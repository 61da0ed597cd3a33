from django.urls import path

from citydiplomacy.practices import views

app_name = "practices"
urlpatterns = [
    path("", views.practice_list, name="list"),
    path("search/", views.practice_search_page, name="search"),
    path("of/<str:key>/", views.jurisdiction_detail, name="jurisdiction"),
    path("<slug:slug>/", views.practice_detail, name="detail"),
]
