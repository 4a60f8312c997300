from django.urls import path

from alliances.accounts import token_views, views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile_edit, name="profile"),
    *token_views.urlpatterns,
]
