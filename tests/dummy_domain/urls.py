from django.urls import path

from tests.dummy_domain import views

app_name = "dummy_domain"
urlpatterns = [path("field-notes/<int:pk>/", views.note_detail, name="detail")]
