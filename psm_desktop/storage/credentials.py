"""Server passwords the user asked the application to remember: in the system keyring
(Windows Credential Manager, macOS Keychain, the Secret Service of Linux desktops), never
in the settings file. Where there is no keyring (a headless Linux, CI) a password is kept
in this process's memory only, for the session.
"""

from __future__ import annotations

import contextlib
import logging

from psm_desktop.storage.server_address import ServerAddress

log = logging.getLogger(__name__)

SERVICE = "psm-desktop"
_session: dict[str, str] = {}  # address key -> password, until the application closes


def saved_password(address: ServerAddress) -> str | None:
    """The password kept for `address` (this session's first, then the keyring's)."""
    if address.key() in _session:
        return _session[address.key()]
    import keyring  # on first use: importing it looks for backends
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(SERVICE, address.key())
    except KeyringError as exc:
        log.info("No password read from the keyring for %s: %r", address.key(), exc)
        return None


def remember_password(address: ServerAddress, password: str) -> bool:
    """Keep `password` in the system keyring; False if there is none (then it is kept
    for this session only)."""
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(SERVICE, address.key(), password)
    except KeyringError as exc:
        log.warning("No keyring to keep the password of %s in: %r", address.key(), exc)
        keep_for_session(address, password)
        return False
    _session.pop(address.key(), None)
    return True


def keep_for_session(address: ServerAddress, password: str) -> None:
    _session[address.key()] = password


def forget_password(address: ServerAddress) -> None:
    """Drop a password the server no longer accepts."""
    _session.pop(address.key(), None)
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    with contextlib.suppress(PasswordDeleteError, KeyringError):
        keyring.delete_password(SERVICE, address.key())
