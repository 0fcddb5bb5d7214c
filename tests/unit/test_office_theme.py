"""Impostazioni ufficio: the user's PDF template is written, checked, atomically, and used."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from pdfcheck import read_pdf
from PIL import Image

from psm_desktop.errors import UserError
from psm_desktop.exchange.pdf.documents import export_pdf
from psm_desktop.exchange.pdf.requests import AxisSheet
from psm_desktop.exchange.pdf.theme import load_theme, theme_path, user_theme_path
from psm_desktop.exchange.pdf.theme_file import (
    OfficeSettings,
    current_settings,
    dumps_toml,
    save_office_settings,
)
from psm_desktop.services import Services


def _logo(path: Path) -> Path:
    Image.new("RGB", (60, 30), "#336699").save(path)
    return path


def test_settings_go_to_the_users_template_and_back(tmp_path: Path) -> None:
    start = current_settings()
    assert start.office == "Città metropolitana di Torino"
    logo = _logo(tmp_path / "Stemma.PNG")
    settings = OfficeSettings(
        office='Comune di Susa "Ufficio piano"',
        logo=logo,
        logo_height_mm=8,
        colors={**start.colors, "primary": "#004488"},
        labels={**start.labels, "axis_sheet": "Scheda d'asse — Susa"},
    )
    theme = save_office_settings(settings)
    assert theme_path() == user_theme_path() == theme.source
    assert theme.office == 'Comune di Susa "Ufficio piano"'
    assert theme.colors["primary"] == "#004488"
    assert theme.label("axis_sheet") == "Scheda d'asse — Susa"
    assert theme.logo == user_theme_path().parent / "logo-ufficio.png"  # copied beside it
    logo.unlink()  # the original may go (a USB stick): the copy stays
    assert load_theme().logo is not None and load_theme().logo_height_mm == 8
    assert current_settings().office == theme.office
    assert sorted(p.name for p in user_theme_path().parent.iterdir()) == [
        "logo-ufficio.png",
        "pdf-theme.toml",
    ]  # no temporary file left behind
    raw = tomllib.loads(user_theme_path().read_text(encoding="utf-8"))
    assert raw["fonts"]["regular"] == "DejaVuSans.ttf"  # keys the dialog does not show stay
    assert user_theme_path().read_text(encoding="utf-8").startswith("# Aspetto")


def test_a_bad_value_leaves_the_previous_template(tmp_path: Path) -> None:
    save_office_settings(OfficeSettings(office="Comune di Ivrea"))
    before = user_theme_path().read_text(encoding="utf-8")
    with pytest.raises(UserError, match=r"\[colors\] primary"):
        save_office_settings(OfficeSettings(office="Altro", colors={"primary": "blu"}))
    assert user_theme_path().read_text(encoding="utf-8") == before
    assert [p.name for p in user_theme_path().parent.iterdir()] == ["pdf-theme.toml"]


def test_toml_round_trip_of_awkward_text() -> None:
    data = {"office": {"name": 'a "b" \\ c\nd — è', "logo": "", "logo_height_mm": 9.5}}
    assert tomllib.loads(dumps_toml(data)) == data


def test_the_pdf_export_uses_the_users_template(services: Services, tmp_path: Path) -> None:
    save_office_settings(
        OfficeSettings(
            office="Unione Montana Valle Susa",
            labels={**current_settings().labels, "axis_sheet": "Foglio dell'Asse"},
        )
    )
    target = tmp_path / "asse.pdf"
    export_pdf(services, AxisSheet(axis=1), target)
    content = read_pdf(target)
    assert "Unione Montana Valle Susa" in content.text
    assert "Foglio dell'Asse" in content.text
    assert content.metadata.get("/Author") == "Unione Montana Valle Susa"


def _some_settings(logo: Path | None = None) -> OfficeSettings:
    return OfficeSettings(
        office="Comune di Susa",
        logo=logo,
        logo_height_mm=8,
        colors=dict(current_settings().colors),
        labels=dict(current_settings().labels),
    )


def test_a_full_disk_is_said_in_italian_and_keeps_the_previous_template(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    target = tmp_path / "pdf-theme.toml"
    save_office_settings(_some_settings(), target)
    before = target.read_bytes()

    def full_disk(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(UserError) as caught:
        save_office_settings(_some_settings(_logo(tmp_path / "stemma.png")), target)
    assert "disco" in caught.value.message and "No space" not in caught.value.message
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pdf-theme.toml", "stemma.png"]


def test_a_logo_gone_with_its_usb_stick_is_said_in_italian(tmp_path: Path) -> None:
    target = tmp_path / "pdf-theme.toml"
    save_office_settings(_some_settings(), target)
    before = target.read_bytes()
    with pytest.raises(UserError) as caught:
        save_office_settings(_some_settings(tmp_path / "chiavetta" / "stemma.png"), target)
    assert "stemma.png" in caught.value.message and "Errno" not in caught.value.message
    assert target.read_bytes() == before


def test_a_folder_that_cannot_be_made_is_said_in_italian(tmp_path: Path) -> None:
    blocker = tmp_path / "dati"
    blocker.write_text("un file al posto della cartella", encoding="utf-8")
    with pytest.raises(UserError) as caught:
        save_office_settings(_some_settings(), blocker / "pdf-theme.toml")
    assert "Impossibile salvare" in caught.value.message and "Errno" not in caught.value.message
