"""pandera models, one per warehouse table; column names match warehouse/ddl exactly."""

from schemas.article_features import ArticleFeatures
from schemas.articles import Articles, LinkedArticles
from schemas.bands import ArticleBands, ParagraphBands
from schemas.date_mentions import DateMentions
from schemas.entities import Entities
from schemas.mentions import Mentions
from schemas.pages import Pages
from schemas.paragraph_overlaps import ParagraphOverlaps
from schemas.paragraphs import LinkedParagraphs, Paragraphs
from schemas.quarantine import Quarantine
from schemas.quotes import Quotes
from schemas.removed_lines import RemovedLines
from schemas.runs import Runs
from schemas.search import SearchDocuments, SearchTerms
from schemas.stories import Stories
from schemas.story_evidence import StoryEvidence
from schemas.story_merges import StoryMerges
from schemas.term_counts import TermCounts

__all__ = ["Articles", "Pages", "Paragraphs", "Quarantine", "RemovedLines", "Runs"]
__all__ += [
    "ArticleBands", "ArticleFeatures", "LinkedArticles", "LinkedParagraphs", "ParagraphBands", "ParagraphOverlaps",
    "Stories", "StoryEvidence", "StoryMerges", "TermCounts",
]
__all__ += [
    "Entities", "Mentions", "Quotes", "DateMentions",
]
__all__ += ["SearchDocuments", "SearchTerms"]
