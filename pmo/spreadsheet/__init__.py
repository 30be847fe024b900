"""Spreadsheets in and out: import a RAID log or tracker (.xlsx, .csv), export a workbook.

The import is a pipeline of small steps, each a module: :mod:`~pmo.spreadsheet.read`
(cells of a sheet), :mod:`~pmo.spreadsheet.columns` (header row → fields, the kind of
sheet), :mod:`~pmo.spreadsheet.values` (cell text → values, each problem located at its
cell), :mod:`~pmo.spreadsheet.plan` (rows → edits of the records) and
:mod:`pmo.edit.apply` (validated, atomic, locked). Named column mappings live in
:mod:`~pmo.spreadsheet.maps`. :mod:`~pmo.spreadsheet.export` writes the workbook.
"""
