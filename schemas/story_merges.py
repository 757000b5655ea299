"""pandera model of the ``story_merges`` table: one row per story merged into another; key merged_story_id."""

from __future__ import annotations

import pandera.polars as pa


class StoryMerges(pa.DataFrameModel):
    merged_story_id: str = pa.Field(unique=True, str_matches=r"^story-[0-9a-f]{16}-\d{3,}$")
    into_story_id: str = pa.Field(str_matches=r"^story-[0-9a-f]{16}-\d{3,}$")
    article_id: str = pa.Field(nullable=True)
    run_id: str = pa.Field(str_length={"min_value": 1})

    class Config:
        strict = True
