from django.urls import path

from citydiplomacy.engagements import views

app_name = "engagements"
urlpatterns = [
    path("engagements/", views.engagement_list, name="list"),
    path("engagements/new/", views.engagement_edit, name="new"),
    path("engagements/<int:pk>/", views.engagement_detail, name="detail"),
    path("engagements/<int:pk>/edit/", views.engagement_edit, name="edit"),
    path("engagements/<int:pk>/delete/", views.engagement_remove, name="delete"),
    path("engagements/<int:pk>/follow-ups/new/", views.follow_up_new, name="follow_up_new"),
    path(
        "offices/<slug:slug>/timeline/cities/<int:geonames_id>/",
        views.timeline_city,
        name="timeline_city",
    ),
    path(
        "offices/<slug:slug>/timeline/countries/<str:iso2>/",
        views.timeline_country,
        name="timeline_country",
    ),
    path("follow-ups/", views.follow_up_list, name="follow_ups"),
    path("follow-ups/<int:pk>/", views.follow_up_detail, name="follow_up"),
    path("follow-ups/<int:pk>/edit/", views.follow_up_edit, name="follow_up_edit"),
    path("follow-ups/<int:pk>/delete/", views.follow_up_remove, name="follow_up_delete"),
    path("me/follow-ups/", views.my_follow_ups, name="my_follow_ups"),
]
