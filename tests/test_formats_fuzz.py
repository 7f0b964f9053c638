"""Fuzzing the importers, a short run: whatever they are fed, parse_schedule gives a
schedule or a clean ScheduleError (generators in tests/support/format_fuzz.py)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from support import format_fuzz as fuzz

SHORT = settings(max_examples=150, deadline=None, database=None,
                 phases=(Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink),
                 suppress_health_check=[HealthCheck.too_slow])
BOUND = 5.0
"""Seconds a generated document may take (the samples are small; the machine is shared)."""


@SHORT
@given(fuzz.mutated_exports())
def test_careless_edits_of_the_samples(case: tuple[bytes, str]) -> None:
    fuzz.check(*case, bound=BOUND)


@SHORT
@given(fuzz.random_exports())
def test_random_bytes_that_look_like_an_export(case: tuple[bytes, str]) -> None:
    fuzz.check(*case, bound=BOUND)


@pytest.mark.slow  # seconds each, like test_fuzz.py's hand-made documents
@pytest.mark.parametrize("name", sorted(fuzz.hostile()))
def test_hostile_documents_are_cheap(name: str) -> None:
    data, file_name = fuzz.hostile()[name]
    fuzz.check(data, file_name, bound=10.0)
