"""Issue 4 tables in DuckDB: one entity per real-world thing across runs, analyst views answer."""

from __future__ import annotations

import polars as pl

from flows import load
from flows.transform import transform_pages
from tests.conftest import FETCHED_AT
from tests.helpers import batch_of, page_frame
from tests.test_warehouse import load_batch

FIRST = (
    'Putin talks\nPresident Putin said on Thursday, "We are ready to talk." Putin spoke to Lavrov, who said'
    " nothing. President Zelenskyy was not invited."
)
SECOND = (
    "Kremlin summit\nRussian President Vladimir Putin met Ukrainian President Volodymyr Zelensky in Alaska,"
    " the Kremlin said."
    ' "It was good," Putin told reporters.'
)


def test_a_later_runs_full_name_absorbs_an_earlier_runs_surname(tmp_path):
    db = tmp_path / "w.duckdb"
    assert set(load_batch(db, batch_of({"a.txt": FIRST}, FETCHED_AT), "r1").values()) == {0}
    later = page_frame({"b.txt": SECOND}, FETCHED_AT).with_columns(pl.lit("1" + "0" * 63).alias("page_id"))
    second = transform_pages(later, run_id="r2", ingested_at=FETCHED_AT)
    assert set(load_batch(db, second, "r2").values()) == {0}
    with load.connect(db, read_only=True) as con:
        people = con.execute(
            """
            select entities.name, count(distinct mentions.article_id)
            from mentions inner join entities using (entity_id)
            where mentions.surface like '%Putin%' or mentions.surface like '%Zelensk%'
            group by entities.name order by 1
            """
        ).fetchall()
        assert people == [("Vladimir Putin", 2), ("Volodymyr Zelensky", 2)]
        speakers = con.execute(
            "select speaker_name, n_quotes from quoted_speakers_by_publisher order by 1"
        ).fetchall()
        assert speakers == [("Vladimir Putin", 2)]
        assert con.execute("select count(*) from co_mentions").fetchone()[0] >= 1
        assert con.execute("select name, country_code from places_by_day order by 1").fetchall() == [
            ("Alaska", "US"),
            ("Kremlin", None),
        ]
