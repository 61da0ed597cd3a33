from django.urls import path

from citydiplomacy.people import views

app_name = "people"
urlpatterns = [
    path("people/", views.person_list, name="list"),
    path("people/new/", views.person_edit, name="new"),
    path("people/<slug:slug>/", views.person_detail, name="detail"),
    path("people/<slug:slug>/edit/", views.person_edit, name="edit"),
    path("people/<slug:slug>/delete/", views.person_remove, name="delete"),
    # Terms in office (mayors and other offices held); /offices/ is the international offices'.
    path("terms/new/", views.term_edit, name="term_new"),
    path("terms/<int:pk>/edit/", views.term_edit, name="term_edit"),
    path("terms/<int:pk>/delete/", views.term_remove, name="term_delete"),
]
