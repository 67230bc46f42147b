"""Which addresses Hymy may POST to, and a connection pinned to the address that was checked.

A webhook URL is typed by a customer's admin, so it must not become a way to reach Hymy's own network
(server-side request forgery): in production only https, only public IP addresses, and the request goes
to exactly the address that was checked, so a DNS answer that changes in between (DNS rebinding) cannot
point it inside. `WEBHOOKS_ALLOW_PRIVATE_ADDRESSES` (on in development and tests) lets http to
loopback and private addresses through, for a receiver on one's own machine.
"""

import http.client
import ipaddress
import socket
import ssl
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise ValidationError({"url": _("The host name of this address cannot be found.")})
    return list(dict.fromkeys(info[4][0] for info in infos))


def url_check(url: str, *, resolve: bool = True) -> tuple[str, int, list[str]]:
    """Refuse an address Hymy must not send to; returns (host, port, the IP addresses to connect to).

    With `resolve=False` only the form of the address is checked (no DNS look-up).
    """
    allow_private = settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("https", "http") or not host:
        raise ValidationError({"url": _("Enter a full address that starts with https://.")})
    if parts.username or parts.password:
        raise ValidationError({"url": _("Leave the user name and password out of the address.")})
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise ValidationError({"url": _("The port number of this address is not valid.")})
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    is_loopback = host in LOOPBACK_NAMES or (literal is not None and literal.is_loopback)
    if parts.scheme == "http" and not (allow_private and is_loopback):
        raise ValidationError(
            {"url": _("Use an https:// address, so that nobody can read the events on the way.")}
        )
    if not allow_private and (is_loopback or (literal is not None and not _is_public(literal))):
        raise ValidationError({"url": _("This address points to a private network; use a public address.")})
    if not resolve:
        return host, port, []
    addresses = _resolve(host, port)
    if not allow_private and not all(_is_public(ipaddress.ip_address(a.split("%")[0])) for a in addresses):
        raise ValidationError({"url": _("This address points to a private network; use a public address.")})
    return host, port, addresses


def _connect(addresses: list[str], port: int, timeout: float) -> socket.socket:
    """A socket to the first of the checked addresses that answers (as socket.create_connection does)."""
    error: OSError | None = None
    for address in addresses:
        try:
            return socket.create_connection((address, port), timeout)
        except OSError as failure:
            error = failure
    raise error or OSError("No address to connect to.")


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, *, addresses, timeout):
        super().__init__(host, port, timeout=timeout)
        self._addresses = addresses

    def connect(self):
        self.sock = _connect(self._addresses, self.port, self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """TLS to a checked IP address, with the certificate still verified against the host name."""

    def __init__(self, host, port, *, addresses, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._addresses = addresses

    def connect(self):
        sock = _connect(self._addresses, self.port, self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def connection_for(url: str, *, timeout: float) -> tuple[http.client.HTTPConnection, str]:
    """A connection to the checked address of `url`, and the path to request. Raises ValidationError."""
    host, port, addresses = url_check(url)
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection_class = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    return connection_class(host, port, addresses=addresses, timeout=timeout), path
