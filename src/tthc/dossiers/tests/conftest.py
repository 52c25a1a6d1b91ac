"""Fixtures of every dossier test."""

import pytest


@pytest.fixture(autouse=True)
def _files_of_the_test(media):
    """Digitised documents and generated forms go to a folder of the test, not the project's var/media."""
    return media
