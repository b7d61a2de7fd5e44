"""Who may reach the served app, and whether they may change the catalogue.

`herbkb serve` listens on this computer only unless told an address. Served beyond it, the app is
read-only until sign-in exists, unless the person serving allows anonymous edits on a network
they trust. The mode reaches the app through an environment variable, read in `ui/shared.py`.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from enum import StrEnum

from herbkb.db import CatalogueError

MODE_VARIABLE = "HERBKB_SERVE_MODE"
# a 50,000-herb spreadsheet is about 15 MB; Streamlit's own default is 200 MB
MAX_UPLOAD_MB = 50


class ServeMode(StrEnum):
    LOCAL = "local"  # this computer only: whoever sits at it may edit
    READ_ONLY = "read-only"  # served to a network: reading, searching and exporting only
    ANONYMOUS_EDITS = "anonymous-edits"  # served to a trusted network: anyone may edit, named

    @property
    def can_write(self) -> bool:
        return self is not ServeMode.READ_ONLY


def is_loopback(address: str) -> bool:
    """Whether `address` (an IP address or a host name) reaches this computer only."""
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        pass
    try:
        found = socket.getaddrinfo(address, None)
    except OSError as exc:
        raise CatalogueError(f"--address {address}: not an address of this computer") from exc
    return all(ipaddress.ip_address(info[4][0]).is_loopback for info in found)


def mode_for(address: str, *, allow_anonymous_edits: bool) -> ServeMode:
    if is_loopback(address):
        return ServeMode.LOCAL
    return ServeMode.ANONYMOUS_EDITS if allow_anonymous_edits else ServeMode.READ_ONLY


def current_mode() -> ServeMode:
    """The mode `herbkb serve` gave this process; an app started any other way, or told a mode
    it does not know, is read-only: it cannot tell who can reach it."""
    try:
        return ServeMode(os.environ.get(MODE_VARIABLE, ServeMode.READ_ONLY))
    except ValueError:
        return ServeMode.READ_ONLY


def streamlit_flags(address: str, port: int) -> list[str]:
    # given on the command line, these win over any ~/.streamlit/config.toml
    return [
        "--server.address", address, "--server.port", str(port),
        "--server.maxUploadSize", str(MAX_UPLOAD_MB),
        "--server.enableXsrfProtection", "true", "--server.enableCORS", "true",
    ]  # fmt: skip


def start_message(address: str, port: int, mode: ServeMode) -> list[str]:
    """What `herbkb serve` says before it starts: where it listens and who may change what."""
    host = f"[{address}]" if ":" in address else address
    if mode is ServeMode.LOCAL:
        return [
            f"HerbKB listens on {address} port {port}, this computer only: http://{host}:{port}",
            "  editing is open to whoever uses this computer; to serve colleagues on your "
            "network, add --address 0.0.0.0 (read-only)",
        ]
    if address in ("0.0.0.0", "::"):
        where = "every network interface of this computer"
        url = f"http://<this computer's address>:{port} (the Network URL below)"
    else:
        where, url = "one network address of this computer", f"http://{host}:{port}"
    lines = [f"HerbKB listens on {address} port {port} ({where}): colleagues open {url}"]
    if mode is ServeMode.READ_ONLY:
        lines.append(
            "  read-only: searching, reading and exporting are open; nothing can be changed "
            "(editing needs sign-in, which HerbKB does not have yet)"
        )
    else:
        lines.append(
            "  WARNING: anonymous edits allowed: anyone who reaches this address can change the "
            "catalogue, under any author name they type; use this only on a network you trust"
        )
    return lines
