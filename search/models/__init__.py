from .documents import SearchDocument, SearchIndexState
from .querylog import SearchQueryStat

__all__ = ["SearchDocument", "SearchIndexState", "SearchQueryStat"]
