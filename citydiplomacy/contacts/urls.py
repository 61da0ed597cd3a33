from django.urls import path

from citydiplomacy.contacts import views

app_name = "contacts"
urlpatterns = [
    path("contacts/", views.contact_list, name="list"),
    path("contacts/new/", views.contact_edit, name="new"),
    path("contacts/<int:pk>/", views.contact_detail, name="detail"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="edit"),
    path("contacts/<int:pk>/delete/", views.contact_remove, name="delete"),
    path("contacts/<int:pk>/export/", views.contact_export_download, name="export"),
    path("contacts/<int:pk>/erase/", views.contact_erase_page, name="erase"),
    path("consular-posts/", views.post_list, name="posts"),
    path("consular-posts/new/", views.post_edit, name="post_new"),
    path("consular-posts/<int:pk>/", views.post_detail, name="post"),
    path("consular-posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("consular-posts/<int:pk>/delete/", views.post_remove, name="post_delete"),
]
