from django.urls import path

from citydiplomacy.geo import review, views

app_name = "geo"
urlpatterns = [
    path("cities/", views.city_list, name="cities"),
    path("cities/review/", review.review_list, name="review"),
    path("cities/review/<int:geonames_id>/settle/", review.review_settle, name="review_settle"),
    path("cities/<int:geonames_id>/", views.city_detail, name="city"),
    path("cities/<int:geonames_id>/edit/", views.city_edit, name="city_edit"),
    path("countries/", views.country_list, name="countries"),
    path("countries/<str:iso2>/", views.country_detail, name="country"),
]
