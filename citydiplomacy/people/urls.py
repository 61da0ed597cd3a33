from django.urls import path

from citydiplomacy.people import views

app_name = "people"
urlpatterns = [
    path("people/", views.person_list, name="list"),
    path("people/new/", views.person_edit, name="new"),
    path("people/<slug:slug>/", views.person_detail, name="detail"),
    path("people/<slug:slug>/edit/", views.person_edit, name="edit"),
    path("people/<slug:slug>/delete/", views.person_remove, name="delete"),
    path("offices/new/", views.office_edit, name="office_new"),
    path("offices/<int:pk>/edit/", views.office_edit, name="office_edit"),
    path("offices/<int:pk>/delete/", views.office_remove, name="office_delete"),
]
