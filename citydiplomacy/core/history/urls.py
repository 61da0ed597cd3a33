from django.urls import path

from citydiplomacy.core.history import views

app_name = "history"
urlpatterns = [
    path("", views.change_list, name="list"),
    path("<str:model>/<str:object_id>/", views.record_history, name="record"),
]
