"""The homework sheet (拜访信息表): its model, files, storage, decision-chain graph and diagnosis.

Pure Python, no Streamlit: the pages call these, the trainer tools and the tests use them directly.
"""

from worksheets.chain import chain_graph
from worksheets.chain_demo import chain_steps
from worksheets.completeness import completeness
from worksheets.diagnosis import Diagnosis, diagnose
from worksheets.errors import SheetImportError
from worksheets.example import example_sheet
from worksheets.files import from_csv, from_xlsx, load_sheet_file, to_csv, to_xlsx
from worksheets.gaps import chain_gaps
from worksheets.model import Person, VisitSheet

sheet_gaps = chain_gaps

__all__ = [
    "Diagnosis",
    "Person",
    "SheetImportError",
    "VisitSheet",
    "chain_gaps",
    "chain_graph",
    "chain_steps",
    "completeness",
    "diagnose",
    "example_sheet",
    "from_csv",
    "from_xlsx",
    "load_sheet_file",
    "sheet_gaps",
    "to_csv",
    "to_xlsx",
]
