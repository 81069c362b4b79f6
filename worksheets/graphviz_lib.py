"""Graphviz's C library (libgvc) through ctypes: the same layout and output as the `dot` / `neato -n2` programs.

Used only inside the helper process (worksheets.graphviz_helper), and there only in a forked child per picture:
libgvc keeps state from one graph to the next (a second graph in one process can lose or reorder its clusters),
so each picture is drawn by a fresh copy of a process that has loaded the library and its fonts but never laid
out one of our graphs.
"""

from __future__ import annotations

import ctypes
import ctypes.util

# Small enough to leave every cluster and subgraph table untouched, large enough to load the layout, render
# and text plugins and the CJK font the chain uses.
WARM_UP = 'digraph { node [shape=box fontname="Noto Sans CJK SC"]; a [label="决策链 Ab"]; }\n'


def with_arrows(placed: bytes, tail: bytes) -> bytes:
    """The second pass's input: the grid as the first pass laid it out (`-Tdot`), its closing brace replaced by
    `tail` (the referral arrows and their closing brace). Shared by the library and the programs' path."""
    return placed.rstrip().removesuffix(b"}") + tail


class GraphvizLibraryError(RuntimeError):
    """libgvc refused the graph (a syntax or layout error); the one-shot programs will say why."""


class Library:
    def __init__(self) -> None:
        gvc_name, cgraph_name = ctypes.util.find_library("gvc"), ctypes.util.find_library("cgraph")
        if not gvc_name or not cgraph_name:
            raise OSError("libgvc is not installed")
        self.gvc, self.cgraph = ctypes.CDLL(gvc_name), ctypes.CDLL(cgraph_name)
        c_void_p, c_char_p = ctypes.c_void_p, ctypes.c_char_p
        self.gvc.gvContext.restype = c_void_p
        self.cgraph.agmemread.restype, self.cgraph.agmemread.argtypes = c_void_p, [c_char_p]
        self.gvc.gvLayout.argtypes = [c_void_p, c_void_p, c_char_p]
        # Graphviz 2.42 takes `unsigned int *length`, later releases `size_t *`: a zeroed size_t reads right
        # either way on a little-endian machine.
        self.gvc.gvRenderData.argtypes = [
            c_void_p,
            c_void_p,
            c_char_p,
            ctypes.POINTER(c_void_p),
            ctypes.POINTER(ctypes.c_size_t),
        ]
        self.gvc.gvFreeRenderData.argtypes = [c_void_p]
        self.gvc.gvFreeLayout.argtypes = [c_void_p, c_void_p]
        self.cgraph.agclose.argtypes = [c_void_p]
        self.context = self.gvc.gvContext()
        for engine, fmt in (("dot", "dot"), ("nop2", "svg")):
            self.render(WARM_UP.encode("utf-8"), engine, fmt)

    def render(self, source: bytes, engine: str, fmt: str) -> bytes:
        """Lay `source` out with `engine` ("dot"; "nop2" = `neato -n2`) and write it as `fmt`."""
        graph = self.cgraph.agmemread(source)
        if not graph:
            raise GraphvizLibraryError("syntax")
        try:
            if self.gvc.gvLayout(self.context, graph, engine.encode()) != 0:
                raise GraphvizLibraryError("layout")
            data, length = ctypes.c_void_p(), ctypes.c_size_t(0)
            try:
                if self.gvc.gvRenderData(self.context, graph, fmt.encode(), ctypes.byref(data), ctypes.byref(length)):
                    raise GraphvizLibraryError("render")
                return ctypes.string_at(data, length.value)
            finally:
                if data:
                    self.gvc.gvFreeRenderData(data)
                self.gvc.gvFreeLayout(self.context, graph)
        finally:
            self.cgraph.agclose(graph)

    def two_pass(self, grid: bytes, tail: bytes) -> bytes:
        """worksheets.chain's picture: `dot` places the grid, then `nop2` keeps it and routes the arrows in `tail`."""
        return self.render(with_arrows(self.render(grid, "dot", "dot"), tail), "nop2", "svg")
