"""Date orders that put undated items last, on every database.

SQLite sorts NULL first in ascending order and last in descending order; PostgreSQL does the
opposite. A listing sorted by a date a resource or project may lack (publication date, approval
date, start time) must not show its undated items first on one database and last on the other,
so every listing that sorts by a date builds its order here.
"""

from django.db.models import F


def undated_last(*fields):
    """Order expressions for `order_by()`: "-field" newest first, "field" oldest first, NULLs last either way.

    >>> Resource.objects.order_by(*undated_last("-publication_date"), "title")
    """
    orders = []
    for field in fields:
        if field.startswith("-"):
            orders.append(F(field[1:]).desc(nulls_last=True))
        else:
            orders.append(F(field).asc(nulls_last=True))
    return orders
