"""An empty URLconf: Django needs one to render its 400 page for SessionInterrupted."""

urlpatterns = []
