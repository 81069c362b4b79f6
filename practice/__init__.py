"""模拟初访: a branching first visit to a fictional customer, pure Python (no Streamlit).

Scenarios are data (scenarios/*.yaml, checked by loader/checks); engine replays a run's choices;
debrief scores it; to_sheet turns what was uncovered into a VisitSheet; results/rollup are the files.
"""
