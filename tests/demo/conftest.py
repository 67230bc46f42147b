import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The demo creates several users with passwords; argon2 takes ~0.1 s each, MD5 none."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
