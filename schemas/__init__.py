"""pandera models, one per warehouse table; column names match warehouse/ddl exactly."""

from schemas.articles import Articles
from schemas.date_mentions import DateMentions
from schemas.entities import Entities
from schemas.mentions import Mentions
from schemas.pages import Pages
from schemas.paragraphs import Paragraphs
from schemas.quarantine import Quarantine
from schemas.quotes import Quotes
from schemas.removed_lines import RemovedLines
from schemas.runs import Runs

__all__ = [
    "Articles", "Pages", "Paragraphs", "Quarantine", "RemovedLines", "Runs",
    "Entities", "Mentions", "Quotes", "DateMentions",
]
