"""SQLite files on network drives: detected from the mount table (here a fake one)."""

from __future__ import annotations

from pathlib import Path

import pytest
from clirun import run_cli

from psm_desktop.storage import network_drive, open_database

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
proc /proc proc rw 0 0
/dev/sdb1 /mnt ext4 rw 0 0
//nas/piani /mnt/ufficio\\040piani cifs rw,vers=3.0 0 0
nas:/export /mnt/nfs nfs4 rw 0 0
tmpfs /tmp tmpfs rw 0 0
"""


@pytest.fixture
def mounts(tmp_path: Path) -> Path:
    table = tmp_path / "mounts"
    table.write_text(MOUNTS, encoding="utf-8")
    return table


@pytest.mark.parametrize(
    ("path", "found"),
    [
        ("/mnt/ufficio piani/psm.sqlite", "cifs montato su /mnt/ufficio piani"),
        ("/mnt/nfs/a/b/psm.sqlite", "nfs4 montato su /mnt/nfs"),
        ("/mnt/nfsaltro/psm.sqlite", None),  # a prefix of the name is not a parent folder
        ("/mnt/psm.sqlite", None),
        ("/home/anna/psm.sqlite", None),
    ],
)
def test_network_mounts_are_recognised(mounts: Path, path: str, found: str | None) -> None:
    where = network_drive.network_location(Path(path), mount_table=mounts)
    if found is None:
        assert where is None
    else:
        assert where is not None and found in where


def test_windows_shares_are_recognised_by_their_path() -> None:
    assert network_drive.network_location(Path("//server/condivisa/psm.sqlite"))


def test_no_mount_table_means_nothing_said(tmp_path: Path) -> None:
    missing = tmp_path / "nessuna"
    assert network_drive.network_location(Path("/x/psm.sqlite"), mount_table=missing) is None


def test_opening_a_file_on_a_network_drive_warns_and_names_the_server_option(
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    table = tmp_path / "mounts"
    table.write_text(f"//nas/piani {db_path.parent} cifs rw 0 0\n", encoding="utf-8")
    monkeypatch.setattr(network_drive, "MOUNT_TABLE", table)
    db = open_database(db_path)
    try:
        assert db.network_warning is not None
        assert "PostgreSQL" in db.network_warning and str(db_path) in db.network_warning
    finally:
        db.close()
    code, _, err = run_cli(capsys, "actions", "--db", db_path)
    assert code == 0
    assert "unità di rete" in err


def test_a_local_file_gives_no_warning(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        assert db.network_warning is None
    finally:
        db.close()
