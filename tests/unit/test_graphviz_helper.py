"""The Graphviz helper draws the same pictures as the programs, and every unusual case falls back or stops."""

import collections
import os
import random
import resource
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
    assert CLIENT.retry_at == float("inf") and CLIENT.proc is None
    assert "采购组长" in chain.svg_markup(chain_graph(example_sheet()))


def test_stopping_leaves_no_helper_or_child_running():
    assert graphviz_helper.draw(*_parts(chain_graph(example_sheet()).source), _soon()) is not None
    pid = CLIENT.proc.pid
    graphviz_helper.stop()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_a_helper_that_dies_on_its_way_up_is_not_restarted_for_every_picture(monkeypatch, tmp_path):
    starts = tmp_path / "starts"
    broken = tmp_path / "broken.py"
    broken.write_text(f"open({str(starts)!r}, 'a').write('start\\n')\nraise SystemExit(3)\n")
    monkeypatch.setattr(CLIENT, "command", (sys.executable, str(broken)))
    for _ in range(3):
        assert graphviz_helper.draw(*_parts(chain_graph(example_sheet()).source), _soon()) is None
    assert starts.read_text() == "start\n"  # one failed start; the programs draw meanwhile
    assert CLIENT.retry_at > time.monotonic() + 30 and CLIENT.proc is None
    assert "采购组长" in chain.svg_markup(chain_graph(example_sheet()))


def test_the_helper_works_when_the_server_holds_more_than_1024_descriptors():
    """A class on one server: hundreds of websockets push the helper's pipes past select()'s limit of 1024."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 1200:
        pytest.skip(f"this machine allows only {hard} open files")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 1200), hard))
    held = [os.open(os.devnull, os.O_RDONLY) for _ in range(1100)]
    try:
        assert graphviz_helper.draw(*_parts(chain_graph(example_sheet()).source), _soon()) is not None
        assert CLIENT.proc.stdout.fileno() > 1024
    finally:
        graphviz_helper.stop()
        for fd in held:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_a_large_graph_is_sent_without_blocking_past_the_deadline():
    """A 300-person grid is larger than a pipe's buffer: it is written as the helper reads it."""
    people = [
        Person(
            name=f"客户人员{i}号",
            line=list(Line)[i % 5],
            level=list(Level)[i % 3],
            pain="现场终端经常掉线，运维人员跑得辛苦；最关心设备怎么运行、可靠不可靠。" * 3,
        )
        for i in range(300)
    ]
    source = chain_graph(example_sheet().model_copy(update={"people": people}), show_pain=True, legend=False).source
    grid, tail = _parts(source)
    assert len(grid) > 65536
    assert graphviz_helper.draw(grid, tail, _soon(60)) is not None
