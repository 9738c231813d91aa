"""Dates at the Python edge: the one helper that turns a day given as text, a ``datetime.date`` or a
``datetime.datetime`` into the ``YYYY-MM-DD`` text the compiled core and the lease store take.

Cost Explorer's days, the lease days and the store's dates are UTC calendar days, so a datetime with
a zone counts on its UTC day (``2024-01-31T23:30:00-05:00`` is ``2024-02-01``); a datetime without a
zone is taken as it is written.
"""

from __future__ import annotations

import datetime as _dt

from . import _core

__all__ = ["date_text"]


def date_text(value: object, path: str, source: str = "<arguments>") -> str:
    """``value`` as ``YYYY-MM-DD``: a ``datetime.datetime`` (its UTC day when it has a zone), a
    ``datetime.date``, or text, passed on as it is (the reader that takes it checks it and names it).
    Anything else is a :class:`costmodel.InputError` naming ``source``, ``path`` and the value.

    >>> import datetime
    >>> date_text(datetime.date(2024, 2, 1), "day"), date_text("2024-02-01", "day")
    ('2024-02-01', '2024-02-01')
    >>> date_text(datetime.datetime(2024, 1, 31, 23, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=-5))), "day")
    '2024-02-01'
    """
    if isinstance(value, _dt.datetime):
        if value.tzinfo is not None and value.utcoffset() is not None:
            value = value.astimezone(_dt.timezone.utc)
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    raise _core.InputError(f"expected a date YYYY-MM-DD or a datetime.date, got {type(value).__name__}", source, path,
                           repr(value))
