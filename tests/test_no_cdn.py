"""Every asset is served by the app: no page references another origin for scripts, styles or fonts."""

import re

import pytest

ASSET = re.compile(r"""<(?:script|link|img)\b[^>]*?\b(?:src|href)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
PUBLIC_PAGES = ["/", "/thu-tuc/", "/accounts/login/", "/api/v1/docs"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_page_assets_come_from_this_server(client, url):
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assets = ASSET.findall(response.content.decode())
    assert assets, "the page loads its assets"
    foreign = [a for a in assets if a.startswith(("http:", "https:", "//"))]
    assert not foreign, f"{url} loads assets from another origin: {foreign}"


@pytest.mark.django_db
def test_content_security_policy_admits_only_this_origin(client):
    policy = client.get("/accounts/login/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "http" not in policy
