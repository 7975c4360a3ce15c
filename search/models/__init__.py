from .documents import SearchDocument
from .querylog import SearchQueryStat

__all__ = ["SearchDocument", "SearchQueryStat"]
