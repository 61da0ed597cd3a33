from django.urls import path

from citydiplomacy.practices import views

app_name = "practices"
urlpatterns = [
    path("", views.practice_list, name="list"),
    path("search/", views.practice_search_page, name="search"),
    path("new/", views.practice_edit, name="new"),
    path("of/<str:key>/", views.jurisdiction_detail, name="jurisdiction"),
    path("<slug:slug>/", views.practice_detail, name="detail"),
    path("<slug:slug>/edit/", views.practice_edit, name="edit"),
    path("<slug:slug>/delete/", views.practice_remove, name="delete"),
    path("<slug:slug>/adoptions/new/", views.adoption_edit, name="adoption-new"),
    path("<slug:slug>/adoptions/<int:pk>/edit/", views.adoption_edit, name="adoption-edit"),
    path("<slug:slug>/adoptions/<int:pk>/delete/", views.adoption_remove, name="adoption-delete"),
]
