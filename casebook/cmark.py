"""cmark-gfm called so that it keeps nothing: Markdown in, HTML out, every native allocation
freed.

cmarkgfm's ``markdown_to_html_with_extensions`` never frees the document's syntax tree nor
the HTML buffer the C library hands back (cmark's API leaves both to the caller): about 30 KB
of native memory per body rendered, which no garbage collection or ``malloc_trim`` returns —
some 300 MB held by loading 10,000 cases (BENCHMARKS.md). This is the same sequence of calls
through cmarkgfm's own bindings, then ``cmark_node_free`` on the tree and the library's own
allocator's ``free`` on the buffer. cmarkgfm's CFFI module does not declare those two
functions, so they are taken from the same shared object with ``ctypes``.
"""

from __future__ import annotations

import ctypes
from collections.abc import Sequence
from typing import Any

from cmarkgfm import _cmark
from cmarkgfm.cmark import (
    core_extensions_ensure_registered,
    find_syntax_extension,
    parser_attach_syntax_extension,
    parser_feed,
    parser_finish,
    parser_free,
    parser_get_syntax_extensions,
    parser_new,
)


class _Allocator(ctypes.Structure):
    """cmark's ``cmark_mem``: the allocator the library made its buffers with."""

    _fields_ = [
        ("calloc", ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_size_t, ctypes.c_size_t)),
        ("realloc", ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t)),
        ("free", ctypes.CFUNCTYPE(None, ctypes.c_void_p)),
    ]


_library = ctypes.CDLL(_cmark.__file__)
_library.cmark_node_free.argtypes = [ctypes.c_void_p]
_library.cmark_node_free.restype = None
_library.cmark_get_default_mem_allocator.restype = ctypes.POINTER(_Allocator)
_free = _library.cmark_get_default_mem_allocator().contents.free


def markdown_to_html(text: str, options: int, extensions: Sequence[str]) -> str:
    """What ``cmarkgfm.markdown_to_html_with_extensions`` returns, with nothing left behind."""
    core_extensions_ensure_registered()
    found = [find_syntax_extension(name) for name in extensions]
    if None in found:
        raise ValueError(f"unknown cmark-gfm extension among {list(extensions)}")
    parser = parser_new(options)
    try:
        for extension in found:
            parser_attach_syntax_extension(parser, extension)
        parser_feed(parser, text)
        root = parser_finish(parser)
        try:
            buffer = _cmark.lib.cmark_render_html(
                root, options, parser_get_syntax_extensions(parser)
            )
            try:
                return str(_cmark.ffi.string(buffer).decode("utf-8"))
            finally:
                _free(_address(buffer))
        finally:
            _library.cmark_node_free(_address(root))
    finally:
        parser_free(parser)


def _address(pointer: Any) -> int:
    return int(_cmark.ffi.cast("uintptr_t", pointer))
