"""The model benchmark's smoke run, as CI runs it: a few fact sets against the scripted model
that makes realistic mistakes, each of which must be repaired or counted, and dead endpoints
that leave the whole report to the offline drafter."""

import sys

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
import bench_llm  # noqa: E402


@pytest.fixture(scope="module")
def smoke() -> dict:
    return bench_llm.run(smoke=True)


def test_every_scripted_mistake_is_met(smoke):
    handled = smoke["by_mistake"]
    assert set(handled) == set(bench_llm.MISTAKES)
    for mistake in ("swapped_number", "example_figure", "cut_off"):
        assert handled[mistake] == {"drafts": 1, "clean": 1, "names_left": 0, "repairs": 1}, mistake
    for mistake in ("none", "reasoning"):
        assert handled[mistake] == {"drafts": 1, "clean": 1, "names_left": 0, "repairs": 0}, mistake
    invented = handled["invented_name"]
    assert invented["clean"] == 1 or invented["names_left"] == 1  # repaired, or at least counted


def test_no_wrong_number_or_item_is_left_and_every_fact_is_used(smoke):
    assert smoke["drafts"] == len(bench_llm.MISTAKES)
    assert smoke["unsupported_numbers_left"] == smoke["item_problems_left"] == smoke["facts_unused"] == 0
    assert smoke["clean_first_try"] < smoke["clean_after_repair"]
    assert smoke["tokens_per_section_p50"] > 0 and smoke["first_token_s_p50"] <= smoke["total_s_p50"]


@pytest.mark.parametrize("fault", ["hung", "refused"])
def test_a_dead_endpoint_leaves_the_report_to_the_offline_drafter(smoke, fault):
    dead = smoke["dead_endpoint"][fault]
    assert dead["sections"] == dead["offline_sections"] > 0
