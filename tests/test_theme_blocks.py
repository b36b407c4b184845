"""casebook.site.blocks: theme blocks rendered once per folder depth, reused exactly."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from casebook.site.blocks import BlockCache

HEADER = (
    '<header><a href="{base}index.html">Site</a>'
    '<div class="md-header__topic" data-md-component="header-topic">'
    '<span class="md-ellipsis">\n  {title}\n</span></div></header>'
)


def page(url: str, title: str, meta: dict[str, Any] | None = None, **extra: Any) -> Any:
    links = {"previous_page": None, "next_page": None, **extra}
    return SimpleNamespace(url=url, title=title, meta=meta or {}, **links)


def render_with(cache: BlockCache, block: str, shown: Any, rendering: str) -> str:
    key = cache.key(block, shown)
    kept = cache.get(key, shown)
    return kept if kept is not None else cache.keep(key, rendering, shown)


def test_a_block_is_reused_at_the_same_depth_only() -> None:
    cache = BlockCache()
    first = page("cases/a.html", "A")
    assert render_with(cache, "config", first, '{"base": ".."}') == '{"base": ".."}'
    assert cache.get(cache.key("config", page("cases/b.html", "B")), None) == '{"base": ".."}'
    assert cache.get(cache.key("config", page("index.html", "Home")), None) is None
    assert cache.get(cache.key("config", page("courses/c/m.html", "M")), None) is None


def test_the_header_is_reused_with_each_pages_own_title() -> None:
    cache = BlockCache()
    a = page("cases/a.html", "Solar &amp; water", {"title": "Solar &amp; water"})
    render_with(cache, "header", a, HEADER.format(base="../", title="Solar &amp; water"))
    b = page("countries/ke.html", "Kenya")
    assert render_with(cache, "header", b, "not used") == HEADER.format(base="../", title="Kenya")


def test_a_header_without_its_title_in_the_topic_is_not_kept() -> None:
    cache = BlockCache()
    a = page("cases/a.html", "A title")
    cache.keep(cache.key("header", a), "<header>no topic here: A title</header>", a)
    assert cache.get(cache.key("header", page("cases/b.html", "B")), None) is None


def test_blocks_that_are_the_pages_own_are_never_cached() -> None:
    cache = BlockCache()
    in_nav = page("about.html", "About", next_page=page("data.html", "Data"))
    assert cache.key("footer", in_nav) is None  # previous/next links
    assert cache.key("footer", page("cases/a.html", "A")) == ("footer", 1)
    assert cache.key("content", page("cases/a.html", "A")) is None
    assert cache.key("site_meta", page("cases/a.html", "A")) is None
    assert cache.key("config", None) is None  # static templates such as 404.html
