"""Whether a SQLite file sits on a network drive, where SQLite's locking is not reliable.

Windows: a UNC path (\\\\server\\share\\...) or a mapped drive whose type is DRIVE_REMOTE.
Linux and other Unix systems: the file system of the longest mount point above the file,
read from the mount table (/proc/self/mounts), is a network one (NFS, CIFS/SMB, ...).
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path, PureWindowsPath

log = logging.getLogger(__name__)

MOUNT_TABLE = Path("/proc/self/mounts")
NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs", "nfs4", "cifs", "smb", "smbfs", "smb3", "afs", "ncpfs", "coda", "9p",
        "ceph", "glusterfs", "lustre", "gpfs", "davfs", "fuse.sshfs", "fuse.davfs2",
        "fuse.gvfsd-fuse", "fuse.rclone", "fuse.s3fs", "fuse.glusterfs", "fuse.cephfs",
    }
)  # fmt: skip
DRIVE_REMOTE = 4  # GetDriveTypeW


def network_location(path: Path, *, mount_table: Path | None = None) -> str | None:
    """A short Italian description of the network drive holding `path`, or None."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return "una cartella di rete condivisa"
    if sys.platform == "win32":
        return _windows_drive(path)
    return _unix_mount(path, MOUNT_TABLE if mount_table is None else mount_table)


def _windows_drive(path: Path) -> str | None:
    import ctypes

    drive = PureWindowsPath(os.path.abspath(path)).drive
    if not drive:
        return None
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    if kernel32.GetDriveTypeW(drive + "\\") == DRIVE_REMOTE:
        return f"l'unità di rete {drive}"
    return None


def _unix_mount(path: Path, mount_table: Path) -> str | None:
    try:
        lines = mount_table.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None  # no mount table (macOS): nothing known, nothing said
    target = os.path.abspath(path)
    best: tuple[str, str] | None = None
    for line in lines:
        fields = line.split()
        if len(fields) < 3:
            continue
        point = _unescape(fields[1])
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) > len(best[0])):
            best = (point, fields[2].lower())
    if best is None or best[1] not in NETWORK_FILESYSTEMS:
        return None
    return f"un'unità di rete ({best[1]} montato su {best[0]})"


def _unescape(field: str) -> str:
    # The mount table writes space, tab, newline and backslash as octal escapes.
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def warning(path: Path, where: str) -> str:
    """What the user is told before working on a file on a network drive."""
    return (
        f"Il database {path} si trova su {where}. Se più persone o più computer lo aprono "
        "insieme, SQLite non garantisce il blocco del file e il database si può danneggiare "
        "senza rimedio. Per lavorare in più persone sullo stesso piano usa un server "
        "PostgreSQL (chiedi all'ufficio IT); altrimenti copia il file sul tuo computer."
    )
