from django.urls import path

from citydiplomacy.organisations import views

app_name = "organisations"
urlpatterns = [
    path("organisations/", views.organisation_list, name="list"),
    path("organisations/new/", views.organisation_edit, name="new"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="detail"),
    path("organisations/<slug:slug>/edit/", views.organisation_edit, name="edit"),
    path("organisations/<slug:slug>/delete/", views.organisation_remove, name="delete"),
    path("memberships/", views.membership_list, name="memberships"),
    path("memberships/new/", views.membership_edit, name="membership_new"),
    path("memberships/<int:pk>/", views.membership_detail, name="membership"),
    path("memberships/<int:pk>/edit/", views.membership_edit, name="membership_edit"),
    path("memberships/<int:pk>/delete/", views.membership_remove, name="membership_delete"),
]
