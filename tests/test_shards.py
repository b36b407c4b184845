"""Splitting the docs tree into shards: what moves, what stays, and what a shard holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from casebook.shards import (
    Shard,
    ShardError,
    can_move,
    move_built_pages,
    nav_sources,
    remove_unused_shards,
    shard_count,
    split_tree,
)

NAV = [{"Home": "index.md"}, {"Browse": "browse.md"}, {"More": [{"About": "about/index.md"}]}]


def _tree(cases: int) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {
        "index.md": '---\ntitle: "Home"\nrender_macros: true\n---\n\nSee [one](cases/c-000.md).\n',
        "browse.md": "---\ntitle: Browse\n---\n\n[all](countries/ke.md)\n",
        "about/index.md": "# About\n",
        "countries/ke.md": "---\ntitle: Kenya\n---\n\n<!-- slot -->\n",
        "assets/site.css": "body {}",
        "images/a.png": b"\x89PNG",
    }
    for number in range(cases):
        files[f"cases/c-{number:03}.md"] = f"---\ntitle: Case {number}\n---\n\n## Context\n"
    return files


def _movable(files: dict[str, str | bytes]) -> list[str]:
    return [path for path in files if path.startswith(("cases/", "countries/"))]


def test_the_nav_names_its_pages_at_any_depth() -> None:
    assert nav_sources(NAV) == {"index.md", "browse.md", "about/index.md"}
    assert nav_sources(["x.md", {"Out": "https://example.org"}]) == {"x.md"}


def test_a_page_with_a_link_cannot_move() -> None:
    assert can_move("---\ntitle: x\n---\n\n## Context\n\n<!-- casebook-slot-1 -->\n")
    for linking in ("[a](b.md)", "[a]: b.md", '<a href="b.html">', '<img src="x.png">'):
        assert not can_move(f"## Context\n\n{linking}\n")


def test_pages_move_to_shards_of_about_equal_size_and_nothing_is_lost(tmp_path: Path) -> None:
    files = _tree(30)
    main, shards = split_tree(files, _movable(files), nav_sources(NAV), 3, tmp_path / "docs")

    assert [shard.folder.name for shard in shards] == ["docs-shard1", "docs-shard2"]
    moved = [page for shard in shards for page in shard.pages]
    assert len(set(moved)) == len(moved)
    # Every page is built by exactly one tree; the other files stay in the main one.
    assert set(main) | set(moved) == set(files)
    assert not set(main) & set(moved)
    pages = sum(1 for path in files if path.endswith(".md"))
    for shard in shards:
        assert len(shard.pages) == pages // 3
        for page in shard.pages:
            assert shard.files[page] == files[page]


def test_what_the_main_tree_links_to_and_the_nav_pages_stay(tmp_path: Path) -> None:
    files = _tree(30)
    main, shards = split_tree(files, _movable(files), nav_sources(NAV), 2, tmp_path / "docs")
    # index.md links to c-000 and browse.md to the Kenya page: an engine checks those links
    # against its own tree, so they stay with the pages that link to them.
    assert {"cases/c-000.md", "countries/ke.md", "index.md", "browse.md"} <= set(main)
    assert not any(page in shards[0].pages for page in ("cases/c-000.md", "countries/ke.md"))


def test_a_shard_holds_stand_ins_for_the_nav_pages_with_their_titles(tmp_path: Path) -> None:
    files = _tree(30)
    _, shards = split_tree(files, _movable(files), nav_sources(NAV), 2, tmp_path / "docs")
    stand_ins = {
        path: text for path, text in shards[0].files.items() if path not in shards[0].pages
    }
    assert stand_ins == {
        "index.md": '---\ntitle: "Home"\n---\n',
        "browse.md": '---\ntitle: "Browse"\n---\n',
        "about/index.md": "",
    }


def test_one_shard_or_too_few_pages_moves_nothing(tmp_path: Path) -> None:
    files = _tree(30)
    main, shards = split_tree(files, _movable(files), nav_sources(NAV), 1, tmp_path / "docs")
    assert (main, shards) == (files, [])
    assert shard_count(pages=399, processes=8, nav=NAV) == 1
    assert shard_count(pages=1200, processes=8, nav=NAV) == 3
    assert shard_count(pages=10_000, processes=2, nav=NAV) == 2


def test_without_a_nav_the_engine_builds_every_page_in_one_process() -> None:
    # Each shard's engine would make a nav of the pages it has.
    assert shard_count(pages=10_000, processes=8, nav=None) == 1


def test_built_pages_move_into_the_site_and_a_missing_one_is_an_error(tmp_path: Path) -> None:
    shard = Shard(tmp_path / "docs-shard1", ("cases/a.md", "cases/b.md"), {})
    (shard.site_dir / "cases").mkdir(parents=True)
    (shard.site_dir / "cases" / "a.html").write_text("A", encoding="utf-8")
    site = tmp_path / "site"
    with pytest.raises(ShardError, match=r"no cases/b\.html"):
        move_built_pages(shard, site)
    (shard.site_dir / "cases" / "b.html").write_text("B", encoding="utf-8")
    move_built_pages(shard, site)
    assert (site / "cases" / "b.html").read_text(encoding="utf-8") == "B"


def test_shard_folders_an_earlier_build_used_are_removed(tmp_path: Path) -> None:
    for number in (1, 2, 3):
        (tmp_path / f"docs-shard{number}" / "docs").mkdir(parents=True)
    remove_unused_shards(tmp_path / "docs", used=1)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["docs-shard1"]
