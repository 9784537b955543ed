"""The garbage collector pause: restored after the work, whatever happens in it."""

from __future__ import annotations

import gc

import pytest

from framing.collector import collection_paused


def test_the_collector_is_off_inside_and_on_again_after_an_error():
    assert gc.isenabled()
    with pytest.raises(ValueError), collection_paused():
        assert not gc.isenabled()
        raise ValueError("the work failed")
    assert gc.isenabled()


def test_nested_pauses_leave_it_to_the_outermost():
    with collection_paused():
        with collection_paused():
            pass
        assert not gc.isenabled()  # the inner block did not turn it back on
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off():
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_decorated_function_runs_paused():
    @collection_paused()
    def build_cycles() -> bool:
        for _ in range(1000):
            node: list = []
            node.append(node)  # a cycle: freed by the collector once it runs again
        return gc.isenabled()

    assert build_cycles() is False
    assert gc.isenabled()
