"""dashboards pages."""

urlpatterns: list = []
portfolio_urlpatterns: list = []
