"""Every page names Hymy's icon, so that browsers do not ask for a missing /favicon.ico on every page."""

import pytest
from django.contrib.staticfiles import finders


@pytest.mark.django_db
def test_the_sign_in_page_names_the_icon_and_the_icon_exists(client):
    page = client.get("/login/").content.decode()

    assert '<link rel="icon" href="/static/hymy/favicon.svg" type="image/svg+xml">' in page
    with open(finders.find("hymy/favicon.svg")) as icon:
        assert icon.read().startswith("<svg")
