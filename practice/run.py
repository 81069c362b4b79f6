"""A run in progress as stored data: the scenario and the choices made, replayed on every load.

Runs live in their own draft beside the homework draft, so a visit survives refresh, page switches and a
server restart without touching the homework sheet; the practice sheet has a draft of its own as well.
"""

from __future__ import annotations

import hashlib
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from practice.schema import Id, Judgement

RUNS_KEY = "practice_runs"


class PracticeRun(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    scenario: Id
    choices: Annotated[list[Annotated[str, Field(max_length=60)]], Field(max_length=300)] = []
    judgement: Judgement | None = None

    def then(self, choice_id: str) -> PracticeRun:
        return self.model_copy(update={"choices": [*self.choices, choice_id]})


def _derived(kind: str, code: str) -> str:
    """Fixed per homework draft, so the same bookmark finds the practice again after a restart."""
    return kind + hashlib.sha256(f"{kind}:{code}".encode()).hexdigest()[:30]


def practice_sheet_code(homework_code: str) -> str:
    return _derived("ps", homework_code)


def practice_runs_code(homework_code: str) -> str:
    return _derived("pr", homework_code)


def runs_from_progress(progress: dict) -> dict[str, PracticeRun]:
    """Runs kept in the runs draft; a stored run that no longer validates is dropped, not fatal."""
    runs = {}
    for slot, data in (progress.get(RUNS_KEY) or {}).items():
        try:
            runs[slot] = PracticeRun.model_validate(data)
        except ValidationError:
            continue
    return runs


def runs_to_progress(runs: dict[str, PracticeRun]) -> dict:
    return {RUNS_KEY: {slot: run.model_dump(mode="json") for slot, run in runs.items()}}
