"""Sheet files: the CSV and Excel formats, and the rules every upload and download shares.

- `cells`: what a spreadsheet cell may start with (CSV injection) and Excel's _xHHHH_ escapes;
- `names`: safe file names; `limits`: every size limit, derived from the model;
- `guard`: size, file type sniffing and text encodings; `xlsx_reader`: a bounded, defused .xlsx reader;
- `csv_io`, `xlsx_io`: the homework table as CSV and as a workbook; `load`: `load_sheet_file`, the one entry.

Depends on worksheets' model, layout (`fields`) and row reader; nothing outside imports back into it but the
public names below (and course/selftest_io for the cell rules).
"""

from worksheets.files.cells import neutralise, restore
from worksheets.files.csv_io import from_csv, to_csv
from worksheets.files.guard import check_size
from worksheets.files.limits import MAX_IMPORT_BYTES, MAX_UPLOAD_MB, UPLOADER_MB
from worksheets.files.load import load_sheet_file
from worksheets.files.names import export_filename, safe_name
from worksheets.files.xlsx_io import from_xlsx, to_xlsx

__all__ = [
    "MAX_IMPORT_BYTES",
    "MAX_UPLOAD_MB",
    "UPLOADER_MB",
    "check_size",
    "export_filename",
    "from_csv",
    "from_xlsx",
    "load_sheet_file",
    "neutralise",
    "restore",
    "safe_name",
    "to_csv",
    "to_xlsx",
]
