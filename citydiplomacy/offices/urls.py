from django.urls import path

from citydiplomacy.offices import views

app_name = "offices"
urlpatterns = [
    path("offices/", views.office_list, name="list"),
    path("offices/new/", views.office_new, name="new"),
    path("offices/<slug:slug>/", views.dashboard, name="dashboard"),
    path("offices/<slug:slug>/members/", views.member_list, name="members"),
    path("offices/<slug:slug>/dormancy/", views.dormancy_set, name="dormancy"),
    path("offices/<slug:slug>/members/add/", views.member_add, name="member_add"),
    path("offices/<slug:slug>/members/<int:pk>/", views.member_change, name="member_change"),
]
