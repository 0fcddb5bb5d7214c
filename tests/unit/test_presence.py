"""The presence record of a SQLite plan: a second instance (another process) is told who
has the file open, and the record expires with the instance that wrote it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from psm_desktop.storage import presence

HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from psm_desktop.storage import presence
    got = presence.claim(Path(sys.argv[1]), user="Anna Rossi")
    assert isinstance(got, presence.PresenceClaim)
    print("pronto", flush=True)
    time.sleep(60)
    """
)


def _holder(path: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "pronto"
    return process


def test_a_second_process_is_told_who_has_the_file_then_takes_over_when_it_dies(
    db_path: Path,
) -> None:
    holder = _holder(db_path)
    try:
        other = presence.claim(db_path, user="Bruno")
        assert isinstance(other, presence.Presence)
        assert other.user == "Anna Rossi"
        message = other.message(db_path)
        assert "Anna Rossi" in message and other.computer in message and "sola lettura" in message
    finally:
        holder.send_signal(signal.SIGKILL)  # the first instance dies without closing
        holder.wait(timeout=10)
    mine = presence.claim(db_path, user="Bruno")
    assert isinstance(mine, presence.PresenceClaim)
    assert presence.read(presence.record_path(db_path)).user == "Bruno"  # type: ignore[union-attr]
    mine.release()
    assert not presence.record_path(db_path).exists()


def test_a_closed_instance_leaves_no_presence(db_path: Path) -> None:
    first = presence.claim(db_path, user="Anna")
    assert isinstance(first, presence.PresenceClaim)
    again = presence.claim(db_path, user="Bruno")  # a second window of the same user
    assert isinstance(again, presence.Presence) and again.user == "Anna"
    first.release()
    later = presence.claim(db_path, user="Bruno")
    assert isinstance(later, presence.PresenceClaim)
    later.release()
