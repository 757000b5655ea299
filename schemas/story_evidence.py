"""pandera model of the ``story_evidence`` table: why an article is in its story; key article_id."""

from __future__ import annotations

import pandera.polars as pa

#: Text evidence now; the entity stage (issue 4) is expected to add shared_entities, shared_places
#: and shared_dates through stories.story_edges(extra_evidence=...).
EVIDENCE_KINDS = [
    "founded_story",
    "near_copy",
    "shared_terms",
    "shared_entities",
    "shared_places",
    "shared_dates",
]


class StoryEvidence(pa.DataFrameModel):
    article_id: str = pa.Field(unique=True, str_matches=r"^[0-9a-f]{16}-\d{3,}$")
    story_id: str = pa.Field(str_matches=r"^story-[0-9a-f]{16}-\d{3,}$")
    matched_article_id: str = pa.Field(nullable=True, str_matches=r"^[0-9a-f]{16}-\d{3,}$")
    score: float = pa.Field(nullable=True, ge=0, le=1)
    shingle_jaccard: float = pa.Field(nullable=True, ge=0, le=1)
    evidence_kind: str = pa.Field(isin=EVIDENCE_KINDS)
    evidence: str = pa.Field(nullable=True)

    class Config:
        strict = True
