from django.urls import path

from citydiplomacy.protocol import views, views_briefing, views_office

app_name = "protocol"
urlpatterns = [
    path("visits/", views.visit_list, name="visits"),
    path("visits/new/", views.visit_edit, name="visit_new"),
    path("visits/<int:pk>/", views.visit_detail, name="visit"),
    path("visits/<int:pk>/edit/", views.visit_edit, name="visit_edit"),
    path("visits/<int:pk>/delete/", views.visit_remove, name="visit_delete"),
    path("visits/<int:pk>/step/", views.visit_step, name="visit_step"),
    path("visits/<int:pk>/debrief/", views.visit_debrief, name="visit_debrief"),
    path("visits/<int:pk>/delegation/new/", views.delegation_new, name="delegation_new"),
    path("visits/<int:pk>/programme/new/", views.item_new, name="item_new"),
    path("visits/<int:pk>/programme.ics", views.programme_ics, name="programme_ics"),
    path("visits/<int:pk>/briefing/", views_briefing.visit_briefing, name="visit_briefing"),
    path(
        "visits/<int:pk>/briefing/briefing.pdf",
        views_briefing.visit_briefing_pdf,
        name="visit_briefing_pdf",
    ),
    path("delegation/<int:pk>/edit/", views.delegation_edit, name="delegation_edit"),
    path("delegation/<int:pk>/delete/", views.delegation_remove, name="delegation_delete"),
    path("programme/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("programme/<int:pk>/delete/", views.item_remove, name="item_delete"),
    path("programme/<int:pk>/participants/new/", views.participant_new, name="participant_new"),
    path("participants/<int:pk>/edit/", views.participant_edit, name="participant_edit"),
    path("participants/<int:pk>/delete/", views.participant_remove, name="participant_delete"),
    path("gifts/", views.gift_list, name="gifts"),
    path("gifts/new/", views.gift_edit, name="gift_new"),
    path("gifts/<int:pk>/", views.gift_detail, name="gift"),
    path("gifts/<int:pk>/edit/", views.gift_edit, name="gift_edit"),
    path("gifts/<int:pk>/delete/", views.gift_remove, name="gift_delete"),
    path(
        "offices/<slug:slug>/briefings/cities/<int:geonames_id>/",
        views_briefing.city_briefing,
        name="city_briefing",
    ),
    path(
        "offices/<slug:slug>/briefings/cities/<int:geonames_id>/briefing.pdf",
        views_briefing.city_briefing_pdf,
        name="city_briefing_pdf",
    ),
    path(
        "offices/<slug:slug>/briefings/countries/<str:iso2>/",
        views_briefing.country_briefing,
        name="country_briefing",
    ),
    path(
        "offices/<slug:slug>/briefings/countries/<str:iso2>/briefing.pdf",
        views_briefing.country_briefing_pdf,
        name="country_briefing_pdf",
    ),
    path("offices/<slug:slug>/protocol-rules/", views_office.rules_page, name="rules"),
    path("offices/<slug:slug>/calendar/", views_office.calendar_page, name="calendar"),
    path("calendar/<str:token>.ics", views_office.calendar_feed, name="feed"),
]
