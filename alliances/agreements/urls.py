"""Agreement pages, under /partnerships/<uuid>/agreement/."""

from django.urls import path

from alliances.agreements import views

app_name = "agreements"

urlpatterns = [
    path("", views.agreement_detail, name="detail"),
    path("edit/", views.agreement_edit, name="edit"),
    path("versions/<int:number>/", views.agreement_version, name="version"),
    path("compare/", views.agreement_compare_view, name="compare"),
    path("versions/<int:number>/approve/", views.agreement_approve, name="approve"),
    path("versions/<int:number>/pdf/", views.agreement_pdf, name="pdf"),
    path("versions/<int:number>/docx/", views.agreement_docx, name="docx"),
]
