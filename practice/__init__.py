"""模拟初访: a branching first visit to a fictional customer, pure Python (no Streamlit).

scenarios/*.yaml are the content, schema.py says what they may hold, loader.py + checks.py check them (every
problem at once), engine.py replays a run's choices, debrief.py scores it, to_sheet.py turns what was uncovered
into a VisitSheet, run.py is a run as stored data, results.py + rollup.py are the signed result files.
"""
