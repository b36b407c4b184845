"""cmark-gfm without its wrapper's leak (casebook.cmark): the same HTML, no memory kept."""

from __future__ import annotations

from pathlib import Path

import cmarkgfm
import pytest

from casebook import cmark
from casebook.render import _EXTENSIONS, _OPTIONS

BODY = """\
## Context

Người trồng cà phê ở **Đắk Lắk** bán qua thương lái; 云岭茶业合作社 — مضخات ري.

| Year | Sacks |
|-----:|------:|
| 2023 |   410 |
| 2024 |   980 |

- ~~paper ledgers~~ a QR code on every sack, see www.example.org
- <span title="raw">raw HTML passes</span> to the sanitiser

```python
print("code")
```
"""


@pytest.mark.parametrize(
    "text",
    [BODY, "", "plain", "[link](cases/x.md) ![p](media/a.png)", "<script>x</script>", "\x00 & <"],
)
def test_the_html_is_cmarkgfms_own(text: str) -> None:
    expected = cmarkgfm.markdown_to_html_with_extensions(text, _OPTIONS, _EXTENSIONS)
    assert cmark.markdown_to_html(text, _OPTIONS, _EXTENSIONS) == expected


def test_an_unknown_extension_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown cmark-gfm extension"):
        cmark.markdown_to_html("x", _OPTIONS, ["table", "no-such-extension"])


def resident_kib() -> int:
    status = Path("/proc/self/status").read_text(encoding="ascii")
    return int(next(line for line in status.splitlines() if line.startswith("VmRSS")).split()[1])


def test_rendering_keeps_no_memory() -> None:
    text = BODY * 20  # about 8 KB: a syntax tree of some 40 KB, which cmarkgfm never frees
    for _ in range(50):  # the allocator's own pools, warmed up
        cmark.markdown_to_html(text, _OPTIONS, _EXTENSIONS)
    before = resident_kib()
    for _ in range(2000):
        cmark.markdown_to_html(text, _OPTIONS, _EXTENSIONS)
    # Leaking the tree and the HTML would hold some 100 MB here.
    assert resident_kib() - before < 8 * 1024
