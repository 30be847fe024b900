"""Reports: each builds a result from the portfolio as of a date, then renders it.

Every report meets one small protocol, so one function (:func:`pmo.cli.output.emit`)
prints any of them in any format: a :class:`TableReport` gives a table for people
(terminal, plain text, markdown), a table for spreadsheets (CSV) and plain data for JSON;
a :class:`DocumentReport` (``pmo show``) gives text or markdown and data. Rows shared by
several reports are in :mod:`pmo.reports.rows`; no report reaches into another's module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from pmo.tabular import Table


@runtime_checkable
class TableReport(Protocol):
    """A report that is a table: the register, the logs, the dashboard, the heat map."""

    def table(self) -> Table:
        """The table for reading: titled, with a caption, cells styled."""
        ...

    def csv_table(self) -> Table:
        """The table for spreadsheets: one value per column, no markup."""
        ...

    def data(self) -> dict[str, Any]:
        """Plain data for JSON (dates as ISO text)."""
        ...


@runtime_checkable
class DocumentReport(Protocol):
    """A report that reads as a document (``pmo show``)."""

    def document(self, *, markdown: bool) -> str:
        """Plain text, or markdown with record text escaped."""
        ...

    def data(self) -> dict[str, Any]:
        """Plain data for JSON (dates as ISO text)."""
        ...
