"""What every page shares (navbar, progress bar, 404) and the login screen, as a visitor meets them."""

import pytest
from django.urls import reverse

from tthc.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.public_endpoint("login")
def test_a_failed_login_keeps_the_typed_username_and_asks_for_the_password_again(client):
    UserFactory(username="can_bo", password="mat-khau-dung-123")
    response = client.post(reverse("login"), {"username": "can_bo", "password": "sai"})
    html = response.content.decode()
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in html
    username = html[html.index('id="id_username"') :].split(">")[0]
    password = html[html.index('id="id_password"') :].split(">")[0]
    assert 'value="can_bo"' in username and "autofocus" not in username
    assert "autofocus" in password


@pytest.mark.public_endpoint("login")
def test_the_login_page_starts_empty_with_the_cursor_in_the_username(client):
    html = client.get(reverse("login")).content.decode()
    username = html[html.index('id="id_username"') :].split(">")[0]
    assert 'value=""' in username and "autofocus" in username


@pytest.mark.public_endpoint("portal:procedure-list")
def test_every_htmx_request_of_a_page_shows_the_progress_bar(client):
    html = client.get(reverse("portal:procedure-list")).content.decode()
    # hx-indicator is inherited: set on <body>, it covers the live search and the page links alike.
    assert 'hx-indicator="#htmx-progress"' in html[html.index("<body") : html.index("<nav")]
    assert 'id="htmx-progress" class="htmx-indicator' in html


@pytest.mark.public_endpoint("portal:procedure-list")
def test_the_navbar_marks_the_section_being_viewed(client):
    html = client.get(reverse("portal:procedure-list")).content.decode()
    assert f'class="nav-link active" aria-current="page" href="{reverse("portal:procedure-list")}"' in html


def test_the_navbar_shows_the_signed_in_user_beside_the_logout_button(client, province):
    client.force_login(province.users.control_office)
    html = client.get(reverse("staff-home")).content.decode()
    nav = html[html.index("<nav") : html.index("</nav>")]
    assert f'<span class="navbar-user">{province.users.control_office}</span>' in nav
    assert '<button class="btn btn-sm btn-outline-light" type="submit">Đăng xuất</button>' in nav


def test_an_unknown_address_gives_a_vietnamese_404_with_a_search_box(client):
    response = client.get("/khong-co-trang-nay/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in html
    assert f'action="{reverse("portal:procedure-list")}"' in html and 'name="q"' in html
