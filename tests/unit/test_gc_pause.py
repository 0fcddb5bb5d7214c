"""The garbage collector paused for bulk work is on again afterwards, failure or not."""

from __future__ import annotations

import gc

import pytest

from psm_desktop.gc_pause import collector_paused


def test_the_collector_is_back_on_after_the_block_even_when_it_fails() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError
    assert gc.isenabled()


def test_a_collector_already_off_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
