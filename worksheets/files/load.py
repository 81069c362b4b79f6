"""Whatever a student or trainer uploads as a sheet: one entry point that ends in a sheet or a SheetImportError."""

from __future__ import annotations

import logging

from worksheets import errors
from worksheets.errors import SheetImportError
from worksheets.files.csv_io import from_csv
from worksheets.files.guard import sniff
from worksheets.files.xlsx_io import from_xlsx
from worksheets.model import VisitSheet

log = logging.getLogger(__name__)


def load_sheet_file(filename: str, data: bytes) -> VisitSheet:
    """xlsx by its zip signature, CSV otherwise; every failure is a SheetImportError naming the file.

    A failure nobody foresaw is logged for the developers and still reaches the student as a Chinese reason:
    an upload can never show the generic error box or stop a class roll-up.
    """
    try:
        kind = sniff(filename, data)
        return from_xlsx(data) if kind == "xlsx" else from_csv(data)
    except SheetImportError as exc:
        exc.filename = filename
        raise
    except Exception:
        log.exception("unforeseen failure reading %r", filename)
        raise SheetImportError(errors.UNEXPECTED, filename) from None
