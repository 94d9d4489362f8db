"""Runners (runners.py): results come back in input order whoever finishes first; a runner that breaks is
RunnerLost, a task's own error stays that task's; cluster addresses are checked."""

import os
import time

import pytest

from dossier.runners import RunnerLost, cluster_address, in_process, process_pool


def slow_square(x: int) -> int:
    time.sleep(0.05 * (5 - x % 5))  # the earlier items finish last
    return x * x


def fails(x: int) -> int:
    raise ValueError(f"bad {x}")


def dies(x: int) -> int:
    os._exit(1)


@pytest.fixture(scope="module")
def pool():
    """Two forked workers (each loads spaCy as extraction's workers do: a few seconds)."""
    with process_pool(2) as runner:
        yield runner


def test_map_keeps_input_order_here():
    with in_process() as runner:
        assert list(runner.map(slow_square, range(12))) == [x * x for x in range(12)]


@pytest.mark.slow
def test_map_keeps_input_order_in_a_pool(pool):
    assert list(pool.map(slow_square, range(12))) == [x * x for x in range(12)]


@pytest.mark.slow
def test_a_tasks_error_is_its_own(pool):
    with pytest.raises(ValueError, match="bad 3"):
        pool.result(pool.submit(fails, 3))
    assert pool.result(pool.submit(slow_square, 4)) == 16  # the runner goes on


@pytest.mark.slow
def test_a_broken_pool_is_runner_lost():
    with process_pool(2) as runner:
        with pytest.raises(RunnerLost, match="run the same command again"):
            list(runner.map(dies, range(4)))


@pytest.mark.parametrize("raw", ["", "local:2", "tcp://10.0.0.5:8786", "tls://sched.example:8786"])
def test_cluster_addresses_accepted(raw):
    assert cluster_address(raw) == raw


@pytest.mark.parametrize("raw", ["local:0", "local", "10.0.0.5:8786", "http://x:8786", "tcp://"])
def test_cluster_addresses_refused(raw):
    with pytest.raises(ValueError):
        cluster_address(raw)
