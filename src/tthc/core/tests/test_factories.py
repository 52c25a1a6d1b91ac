"""The test factories make data that looks like a Vietnamese province's."""

import pytest

from tthc.testing.factories import FAMILY_NAMES, NAME_PARTS, UserFactory, vietnamese_name

HONORIFICS = ("Quý", "Ông", "Bà", "Cô", "Anh", "Chị", "Em", "Bác", "Cụ")


def test_names_are_family_middle_and_given_names_without_honorifics():
    middles = {name for parts in NAME_PARTS for name in parts[0]}
    givens = {name for parts in NAME_PARTS for name in parts[1]}
    for n in range(200):
        family, middle, given = vietnamese_name(n).split(" ")
        assert family in FAMILY_NAMES and middle in middles and given in givens
        assert not vietnamese_name(n).startswith(HONORIFICS)


def test_women_get_women_s_middle_and_given_names():
    women_middles, women_givens = NAME_PARTS[1]
    for n in range(1, 60, 2):
        _, middle, given = vietnamese_name(n).split(" ")
        assert middle in women_middles and given in women_givens


@pytest.mark.django_db
def test_user_factory_names_users_plainly():
    users = UserFactory.create_batch(5)
    assert all(user.full_name.split(" ")[0] in FAMILY_NAMES for user in users)
    assert len({user.full_name for user in users}) == 5
