"""The Graphviz helper draws the same pictures as the programs, and every unusual case falls back or stops."""

import collections
import os
import random
import shutil
import signal
import sys
import time

import pytest

from worksheets import chain, graphviz_helper
from worksheets.chain import GraphRenderFailed, chain_graph
from worksheets.example import example_sheet
from worksheets.model import Level, Line, Person, Relation, VisitSheet

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
CLIENT = graphviz_helper._CLIENT


@pytest.fixture(autouse=True)
def fresh_helper(monkeypatch):
    graphviz_helper.stop()
    chain._page_svg.cache_clear()
    yield
    graphviz_helper.stop()
    monkeypatch.undo()
    graphviz_helper.stop()


def _random_sheet(n: int, seed: int) -> VisitSheet:
    rng, people = random.Random(seed), []
    for i in range(n):
        referrer = people[rng.randrange(len(people))].id if people and rng.random() < 0.5 else None
        people.append(
            Person(
                name=f"人{i}",
                line=rng.choice(list(Line)),
                level=rng.choice(list(Level)),
                relation=rng.choice(list(Relation)),
                introduced_by=referrer,
            )
        )
    return example_sheet().model_copy(update={"people": people})


def _parts(source: str) -> tuple[bytes, bytes]:
    grid, _, referrals = source.partition(chain.REFERRALS)
    return (grid + "}\n").encode(), referrals.encode()


def _soon(seconds: float = 20.0) -> float:
    return time.monotonic() + seconds


def _by_programs(source: str, monkeypatch) -> bytes:
    monkeypatch.setenv("WORKBOOK_GRAPHVIZ_HELPER", "off")
    try:
        return chain._layout(source, "svg")
    finally:
        monkeypatch.delenv("WORKBOOK_GRAPHVIZ_HELPER")


SHEETS = [
    example_sheet(),
    example_sheet().model_copy(update={"people": example_sheet().people[:3]}),
    _random_sheet(5, 1),
    _random_sheet(12, 2),
    _random_sheet(30, 3),
]


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda s: f"{len(s.people)} people")
@pytest.mark.parametrize("pain", [False, True])
def test_the_helper_draws_what_the_programs_draw(sheet, pain, monkeypatch):
    """Line for line the same SVG; only the order in which cluster boxes are written may differ (Graphviz
    orders subgraphs by where their names sit in memory, which differs between any two processes)."""
    source = chain_graph(sheet, show_pain=pain, legend=False).source
    drawn = graphviz_helper.draw(*_parts(source), _soon())
    assert drawn is not None
    expected = _by_programs(source, monkeypatch)
    assert collections.Counter(drawn.splitlines()) == collections.Counter(expected.splitlines())


def test_one_helper_draws_picture_after_picture_and_the_page_uses_it():
    pids = set()
    for sheet in SHEETS:
        assert graphviz_helper.draw(*_parts(chain_graph(sheet).source), _soon()) is not None
        pids.add(CLIENT.proc.pid)
    assert len(pids) == 1
    svg = chain.svg_markup(chain_graph(example_sheet(), show_pain=True))
    assert "采购组长" in svg and CLIENT.proc.pid in pids  # drawn by the same helper


def test_a_busy_helper_leaves_the_picture_to_the_programs():
    with CLIENT.lock:  # another session is drawing
        assert graphviz_helper.draw(*_parts(chain_graph(example_sheet()).source), _soon()) is None
        assert "采购组长" in chain.svg_markup(chain_graph(example_sheet()))


def test_the_helper_can_be_switched_off(monkeypatch):
    monkeypatch.setenv("WORKBOOK_GRAPHVIZ_HELPER", "off")
    assert graphviz_helper.draw(*_parts(chain_graph(example_sheet()).source), _soon()) is None
    assert CLIENT.proc is None


def test_a_graph_the_library_refuses_goes_back_and_the_helper_draws_on():
    assert graphviz_helper.draw(b"digraph { a -> }\n", b"}\n", _soon()) is None  # a syntax error
    assert graphviz_helper.draw(*_parts(chain_graph(example_sheet()).source), _soon()) is not None


def test_a_helper_that_died_is_started_again():
    assert graphviz_helper.draw(*_parts(chain_graph(example_sheet()).source), _soon()) is not None
    first = CLIENT.proc.pid
    os.kill(first, signal.SIGKILL)
    CLIENT.proc.wait()
    CLIENT.proc.stdin.close()  # as when it died mid-picture: writing to it would fail
    assert graphviz_helper.draw(*_parts(chain_graph(example_sheet()).source), _soon()) is not None
    assert CLIENT.proc.pid != first


def test_a_helper_that_hangs_is_stopped_at_the_deadline(monkeypatch, tmp_path):
    hang = tmp_path / "hang.py"
    hang.write_text("import sys, time\nsys.stdout.write('READY\\n'); sys.stdout.flush()\ntime.sleep(60)\n")
    monkeypatch.setattr(CLIENT, "command", (sys.executable, str(hang)))
    started = time.monotonic()
    with pytest.raises(graphviz_helper.HelperTimeout):
        graphviz_helper.draw(b"digraph {}\n", b"}\n", _soon(0.5))
    assert time.monotonic() - started < 5
    assert CLIENT.proc is None


def test_a_hung_helper_makes_the_page_say_the_picture_failed(monkeypatch, tmp_path):
    hang = tmp_path / "hang.py"
    hang.write_text("import sys, time\nsys.stdout.write('READY\\n'); sys.stdout.flush()\ntime.sleep(60)\n")
    monkeypatch.setattr(CLIENT, "command", (sys.executable, str(hang)))
    monkeypatch.setattr(chain, "RENDER_SECONDS", 0.5)
    with pytest.raises(GraphRenderFailed):
        chain.svg_markup(chain_graph(example_sheet()))


def test_without_libgvc_the_programs_draw_every_picture(monkeypatch, tmp_path):
    nolib = tmp_path / "nolib.py"
    nolib.write_text("import sys\nsys.stdout.write('NOLIB\\n')\n")
    monkeypatch.setattr(CLIENT, "command", (sys.executable, str(nolib)))
    assert graphviz_helper.draw(*_parts(chain_graph(example_sheet()).source), _soon()) is None
    assert CLIENT.unavailable and CLIENT.proc is None
    assert "采购组长" in chain.svg_markup(chain_graph(example_sheet()))


def test_stopping_leaves_no_helper_or_child_running():
    assert graphviz_helper.draw(*_parts(chain_graph(example_sheet()).source), _soon()) is not None
    pid = CLIENT.proc.pid
    graphviz_helper.stop()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
