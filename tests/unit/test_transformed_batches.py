"""TransformedBatches: the transform tasks' results as the load reads them, in plan order."""

from __future__ import annotations

from concurrent.futures import Future

import pytest

from flows.pipeline import TransformedBatches, TransformFailed
from flows.stage import StagedBatch


def futures(n: int) -> list[Future]:
    return [Future() for _ in range(n)]


def test_batches_come_in_plan_order_whatever_order_their_tasks_finish():
    pending = futures(3)
    for number in (2, 0, 1):  # the third task finishes first
        pending[number].set_result(StagedBatch(index=number, paths={}, rows={"pages": number}))
    seen = []
    stream = TransformedBatches(pending, on_done=lambda b: seen.append(b.index))
    assert [b.index for b in stream] == [0, 1, 2]
    assert seen == [0, 1, 2] and len(stream) == 3


def test_a_second_pass_reads_the_same_batches_and_reports_each_once():
    pending = futures(2)
    for number, future in enumerate(pending):
        future.set_result(StagedBatch(index=number, paths={}, rows={}))
    seen = []
    stream = TransformedBatches(pending, on_done=lambda b: seen.append(b.index))
    first = list(stream)
    assert list(stream) == first and seen == [0, 1]
    assert stream.finished == first


def test_a_failed_task_stops_the_load_at_its_batch_and_names_it():
    pending = futures(3)
    pending[0].set_result(StagedBatch(index=0, paths={}, rows={}))
    pending[1].set_exception(MemoryError("out of memory"))
    stream = iter(TransformedBatches(pending))
    assert next(stream).index == 0
    with pytest.raises(TransformFailed, match="transform of batch 2 failed: MemoryError: out of memory"):
        next(stream)
