"""The inbound mailbox's password, encrypted at rest with Fernet under a key derived from SECRET_KEY.

The IMAP password has to be readable by the poller, so it cannot be hashed; encrypting it keeps it out of
database dumps and backups. The key is HKDF-SHA256 of SECRET_KEY with a label of its own, so it is not
the key anything else derives. Rotating SECRET_KEY makes stored passwords unreadable: they must be
entered again on the case settings page (docs/cases.md).
"""

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

KEY_LABEL = b"hymy.cases.inbound-mailbox-password"


class MailboxPasswordUnreadable(ValueError):
    """The stored password was encrypted under another SECRET_KEY (or is not ours at all)."""


def _fernet() -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=KEY_LABEL).derive(
        settings.SECRET_KEY.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def password_encrypt(password: str) -> str:
    return _fernet().encrypt(password.encode()).decode() if password else ""


def password_decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise MailboxPasswordUnreadable(token) from error


def mailbox_password_set(mailbox, password: str) -> None:
    """Store `password` encrypted on the (unsaved) mailbox."""
    mailbox.password_encrypted = password_encrypt(password)


def mailbox_password_get(mailbox) -> str:
    """The mailbox's password in plain text; MailboxPasswordUnreadable if SECRET_KEY has changed."""
    return password_decrypt(mailbox.password_encrypted)
