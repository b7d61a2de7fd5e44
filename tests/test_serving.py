"""Who may change the catalogue, by the address the app is served on."""

import pytest

from herbkb import CatalogueError
from herbkb.serving import MODE_VARIABLE, ServeMode, current_mode, mode_for


@pytest.mark.parametrize("address", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_this_computer_only_may_edit(address: str) -> None:
    assert mode_for(address, allow_anonymous_edits=False) is ServeMode.LOCAL


@pytest.mark.parametrize("address", ["0.0.0.0", "::", "192.168.1.20"])
def test_served_to_a_network_is_read_only_unless_anonymous_edits_are_allowed(
    address: str,
) -> None:
    assert mode_for(address, allow_anonymous_edits=False) is ServeMode.READ_ONLY
    assert not ServeMode.READ_ONLY.can_write
    assert mode_for(address, allow_anonymous_edits=True) is ServeMode.ANONYMOUS_EDITS


def test_an_unknown_host_name_is_a_clear_error() -> None:
    with pytest.raises(CatalogueError, match="not an address of this computer"):
        mode_for("no-such-host.invalid", allow_anonymous_edits=False)


@pytest.mark.parametrize("given", [None, "", "everyone"])
def test_an_app_not_told_its_mode_is_read_only(
    given: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if given is None:
        monkeypatch.delenv(MODE_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(MODE_VARIABLE, given)
    assert current_mode() is ServeMode.READ_ONLY
