"""Format versions of what the workbook stores and writes: drafts, sheet files, result files.

Version 1: choices stored as their Chinese labels, no version recorded anywhere (releases up to 2026-11).
Version 2: choices stored as stable codes (worksheets.codes); every draft and file records its version.
Old versions are read by migrating them step by step; a newer version than this app is refused in Chinese.
"""

FORMAT_VERSION = 2
