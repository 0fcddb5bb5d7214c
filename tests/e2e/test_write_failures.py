"""Exports to a full disk or a read-only folder, from the command line: exit code 2, an
Italian message naming the file (no errno text, no temporary name, no traceback), and no
file left behind. See tests/diskfull.py for which conditions are real and which simulated.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from diskfull import CONDITIONS, assert_clean_failure, failing_folder

from psm_desktop.atomic_files import atomic_write
from psm_desktop.cli import main
from psm_desktop.errors import UserError

# A file left open after a failed write (garbage collected later, "Exception ignored in
# ZipFile.__del__") could not be deleted on Windows: the temporary file would stay behind.
pytestmark = pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")


@pytest.mark.parametrize("condition", CONDITIONS)
def test_export_tracker_to_a_full_or_read_only_folder(
    condition: str,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with failing_folder(condition, "tracker", tmp_path, monkeypatch) as folder:
        target = folder / "tracker.xlsx"
        code = main(["export-tracker", "--db", str(db_path), "-o", str(target)])
        out, err = capsys.readouterr()
        assert code == 2, (out, err)
        assert_clean_failure(err, target)


@pytest.mark.parametrize("condition", CONDITIONS)
def test_export_pdf_to_a_full_or_read_only_folder(
    condition: str,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with failing_folder(condition, "pdf", tmp_path, monkeypatch) as folder:
        target = folder / "asse1.pdf"
        code = main(["export-pdf", "--db", str(db_path), "-o", str(target), "--axis", "1"])
        out, err = capsys.readouterr()
        assert code == 2, (out, err)
        assert_clean_failure(err, target)


def test_an_existing_file_stays_as_it_was(tmp_path: Path) -> None:
    target = tmp_path / "tracker.xlsx"
    target.write_bytes(b"versione precedente")
    with pytest.raises(UserError) as caught, atomic_write(target) as temp:
        temp.write_bytes(b"mezzo file")
        raise OSError(28, "No space left on device", str(temp))
    assert "Impossibile salvare" in caught.value.message and ".tmp" not in caught.value.message
    assert target.read_bytes() == b"versione precedente"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tracker.xlsx"]


SCRIPT = """
import sys
import pytest
from diskfull import simulate_full_disk
from psm_desktop.cli import main
if sys.argv[1] == "simulated":
    simulate_full_disk(sys.argv[2], pytest.MonkeyPatch())
sys.exit(main(sys.argv[3:]))
"""


@pytest.mark.parametrize("condition", ["full-tmpfs", "full-simulated"])
@pytest.mark.parametrize("kind", ["tracker", "pdf"])
def test_a_real_process_prints_one_italian_line_and_no_traceback(
    condition: str, kind: str, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), str(root / "tests")])}
    with failing_folder(condition, None, tmp_path, monkeypatch) as folder:
        target = folder / ("t.xlsx" if kind == "tracker" else "t.pdf")
        command = ["export-tracker"] if kind == "tracker" else ["export-pdf", "--axis", "1"]
        how = condition.split("-")[1]
        arguments = [*command, "--db", str(db_path), "-o", str(target)]
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT, how, kind, *arguments],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        assert done.returncode == 2, done.stderr
        assert done.stdout == ""
        lines = done.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("Errore: "), done.stderr
        assert_clean_failure(lines[0], target)
