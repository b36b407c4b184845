"""The search index: reading built pages, words, families, shards and the files written."""

from __future__ import annotations

import json
import math
import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from casebook import parallel
from casebook.search import index as search_index
from casebook.search import index_site, write_index
from casebook.search.index import (
    broad_prefixes,
    build_language_index,
    index_files,
    kind_ranges,
    prefix_file,
    prefix_scores,
    shards_for,
    split_shards,
)
from casebook.search.pages import (
    IndexedPage,
    language_folder,
    page_kind,
    read_page,
    without_excluded_blocks,
)
from casebook.search.terms import fold, stemmer_for, words


def html_page(article: str, *, lang: str = "en", head: str = "") -> str:
    return (
        f'<!doctype html><html lang="{lang}"><head><title>Head title</title>{head}</head>'
        f'<body><nav><a href="x.html">Navigation words</a></nav><main><article class="x">'
        f"{article}</article></main><footer>Footer words</footer></body></html>"
    )


def data_of(script: str) -> object:
    """The JSON argument of a ``casebookSearchData.x(lang, [n,] {...});`` index file."""
    return json.loads(script[script.index("{") : script.rindex(")")])


# --- Reading pages ----------------------------------------------------------------------------


def test_read_page_keeps_title_and_sections_and_leaves_generated_parts_out() -> None:
    page = read_page(
        "cases/a.html",
        html_page(
            '<h1 id="t">Solar pumps<a class="headerlink" href="#t">&para;</a></h1>'
            "<p><strong>A summary (MSMEs).</strong></p>"
            "<div data-search-exclude><table><tr><td>Panel words</td></tr></table></div>"
            '<h2 id="c">Context<a class="headerlink" href="#c">&para;</a></h2>'
            "<p>First.</p><p>Second <em>word</em>.</p><script>var hidden = 1;</script>"
            '<div data-search-exclude><h2 id="s">Sources</h2><p>Cited</p></div>'
        ),
    )
    assert page == IndexedPage(
        "cases/a.html",
        "en",
        "case",
        "Solar pumps",
        # Text nodes are joined with spaces ("word ."): search.js tidies the snippets it shows.
        (("", "A summary (MSMEs)."), ("Context", "First. Second word .")),
    )


def test_read_page_title_falls_back_to_the_document_title_and_lang_to_english() -> None:
    page = read_page("about.html", html_page("<p>Text</p>").replace(' lang="en"', ""))
    assert page is not None and page.title == "Head title" and page.lang == "en"


@pytest.mark.parametrize(
    ("path", "html"),
    [
        ("404.html", html_page("<h1>Not found</h1>")),
        ("a.html", html_page("<p>x</p>", head='<meta name="robots" content="noindex">')),
        ("a.html", html_page("<p>x</p>").replace("<article", "<article data-search-exclude")),
        ("a.html", html_page("<p>x</p>").replace("<html ", "<html data-search-exclude ")),
    ],
)
def test_pages_that_are_not_indexed(path: str, html: str) -> None:
    assert read_page(path, html) is None


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("cases/kenya.html", "case"),
        ("fr/cases/kenya.html", "case"),
        ("courses/intro/01-why.html", "module"),
        ("courses/intro/index.html", "course"),
        ("guidelines/sandbox.html", "guideline"),
        ("countries/ke.html", "page"),
        ("index.html", "page"),
    ],
)
def test_page_kind(path: str, kind: str) -> None:
    assert page_kind(path) == kind


@pytest.mark.parametrize(
    ("lang", "folder"), [("en", "en"), ("zh-Hans", "zh-hans"), (" FR ", "fr"), ("", "und")]
)
def test_language_folder(lang: str, folder: str) -> None:
    assert language_folder(lang) == folder


# --- Words ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Micro enterprises (MSMEs), in 2024.", ["micro", "enterprises", "msmes", "in", "2024"]),
        ("Côte d\u2019Ivoire", ["cote", "ivoire"]),
        ("ÉCONOMIE numérique", ["economie", "numerique"]),
        ("a b c", []),
        ("under_score", ["under", "score"]),
        ("Ёлка Россия", ["елка", "россия"]),
        ("Малый бизнес Йошкар-Олы", ["малый", "бизнес", "йошкар", "олы"]),  # й kept
        ("كَتَبَ الطالب", ["كتب", "الطالب"]),  # vowel marks neither split nor stay
    ],
)
def test_words(text: str, expected: list[str]) -> None:
    assert list(words(text)) == expected


def test_chinese_is_segmented_so_a_two_character_word_in_a_sentence_is_a_word() -> None:
    found = list(words("数字化转型帮助中小企业提高效率。"))
    assert {"数字", "转型", "企业", "效率", "中小企业"} <= set(found)
    assert all(len(word) >= 2 for word in found)


@pytest.mark.parametrize(
    ("lang", "together", "apart"),
    [
        # Russian: a noun's or adjective's cases and numbers share a stem; derivations do not.
        ("ru", ["предприятие", "предприятия", "предприятиям", "предприятий"], "предприниматель"),
        ("ru", ["малый", "малого", "малым", "малые"], "малыш"),
        ("ru", ["цифровой", "цифровая", "цифровых"], "цифровизация"),
        # Arabic: the article and بال, لل, ولل go, and plural and feminine endings; و before
        # ال stays, and a broken plural is a stem of its own.
        ("ar", ["الشركات", "شركة", "بالشركات", "للشركة"], "والشركات"),
        ("ar", ["المدرسة", "مدرسة", "بالمدرسة", "وللمدرسة"], "مدارس"),
    ],
)
def test_what_stemming_groups_as_docs_architecture_says(
    lang: str, together: list[str], apart: str
) -> None:
    stem = stemmer_for(lang)
    assert len({stem(fold(word)) for word in together}) == 1
    assert stem(fold(apart)) != stem(fold(together[0]))


def test_fold_matches_what_the_browser_does() -> None:
    # normalize("NFKD"), \p{Mn} removed, toLowerCase(): the same word either way it is typed.
    assert fold("Côte") == fold("cote") == "cote"
    assert fold("ﬁnance") == "finance"  # compatibility ligature


# --- The index --------------------------------------------------------------------------------


def indexed(path: str, title: str, body: str, kind: str = "page", lang: str = "en") -> IndexedPage:
    return IndexedPage(path, lang, kind, title, (("", body),))


def test_words_of_one_stem_share_postings_and_title_words_are_flagged() -> None:
    index = build_language_index(
        "en",
        [
            indexed("b.html", "Other", "Several communities met."),
            indexed("cases/a.html", "Community radio", "A community.", kind="case"),
        ],
    )
    assert [page.path for page in index.pages] == ["cases/a.html", "b.html"]  # cases first
    assert index.family_of["communities"] == index.family_of["community"]
    postings = index.postings[index.family_of["community"]]
    ids, weights = [], []
    page_id = 0
    for value in postings:
        page_id += value // 16
        ids.append(page_id)
        weights.append(value % 16)
    assert ids == [0, 1]
    assert weights[0] & search_index.TITLE_FLAG and not weights[1] & search_index.TITLE_FLAG
    assert all(1 <= weight % 8 <= search_index.MAX_WEIGHT for weight in weights)


def test_postings_are_bm25_of_each_family_on_each_page_in_page_order() -> None:
    """The index scores every pair of page and family at once: the same as scoring them one
    by one, as BM25 defines it (term frequency saturated by K1, long pages damped by B)."""
    pages = [
        indexed("cases/a.html", "Solar pumps", "Solar solar pumps for farmers.", kind="case"),
        indexed("b.html", "Farmers", "Farmers and farming: pumps, pumps, pumps again."),
        indexed("c.html", "Empty", ""),
        indexed("cases/d.html", "Markets", "Markets for solar farmers in towns.", kind="case"),
        indexed("e.html", "Nothing", "!!"),
    ]
    index = build_language_index("en", pages)
    ordered = index.pages
    family = index.family_of
    counts = [Counter(family[w] for w in words(f"{p.title} {p.sections[0][1]}")) for p in ordered]
    average = sum(c.total() for c in counts) / len(counts)
    expected: dict[str, list[int]] = {}
    previous: dict[str, int] = {}
    for page_id, (page, page_counts) in enumerate(zip(ordered, counts, strict=True)):
        titled = {family[w] for w in words(page.title)}
        for name, frequency in page_counts.items():
            df = sum(1 for other in counts if name in other)
            idf = math.log(1 + (len(ordered) - df + 0.5) / (df + 0.5))
            damping = search_index.K1 * (
                1 - search_index.B + search_index.B * page_counts.total() / average
            )
            score = idf * frequency * (search_index.K1 + 1) / (frequency + damping)
            weight = 7 if score >= 6 else 1 + int(score)
            weight |= search_index.TITLE_FLAG if name in titled else 0
            expected.setdefault(name, []).append((page_id - previous.get(name, 0)) * 16 + weight)
            previous[name] = page_id
    assert {name: list(values) for name, values in index.postings.items()} == expected
    assert list(index.postings) == list(expected)  # families in the order pages first have them
    assert len({weight % 8 for values in expected.values() for weight in values}) > 1


def test_kind_ranges_are_contiguous_id_ranges() -> None:
    pages = [
        indexed("cases/a.html", "A", "", kind="case"),
        indexed("cases/b.html", "B", "", kind="case"),
        indexed("guidelines/g.html", "G", "", kind="guideline"),
    ]
    assert kind_ranges(pages) == [["case", 0, 2], ["guideline", 2, 3]]


def test_shards_split_until_small_and_every_word_has_one_shard(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search_index, "SHARD_BYTES", 200)
    body = " ".join(f"digital{n} digit{n}x diverse{n}" for n in range(30)) + " di do"
    index = build_language_index("en", [indexed("a.html", "T", body)])
    shards = split_shards(index)
    keys = [key for key, _ in shards]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert "di" in keys and any(len(key) > 2 and key.startswith("di") for key in keys)
    placed: dict[str, str] = {}
    for key, shard in shards:
        for word in shard["w"]:  # type: ignore[attr-defined]
            assert word.startswith(key) and word not in placed
            # the deepest key the word starts with
            assert key == max((k for k in keys if word.startswith(k)), key=len)
            placed[word] = key
    assert set(placed) == set(index.family_of)


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [("d", [0, 1, 2, 3, 4]), ("di", [0, 1, 2, 3]), ("dig", [0, 1, 2]), ("digit", [2]),
     ("digits", [2]), ("do", [4]), ("x", [])],
)  # fmt: skip
def test_shards_for_a_prefix_are_those_that_can_hold_its_words(
    prefix: str, expected: list[int]
) -> None:
    keys = ["di", "diga", "digit", "div", "do"]
    assert sorted(shards_for(keys, prefix)) == expected


def test_broad_prefixes_are_those_reaching_more_shards_than_the_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search_index, "BROAD_SHARDS", 2)
    keys = ["ca", "ce", "ci", "da", "dia", "dib", "dic", "do"]
    # "d" reaches 5 shards, "di" 3 ("di" is no key: only those starting with it), "c" 3.
    assert broad_prefixes(keys) == ["c", "d", "di"]


def prefix_pages(files: dict[str, str], prefix: str) -> dict[str, int]:
    """What a prefix file holds, as page path -> score."""
    manifest = data_of(files["search/en/manifest.js"])
    number = manifest["broad"].index(prefix)  # type: ignore[index]
    data = data_of(files[f"search/en/p/{number}.js"])
    paths = {i: data_of(files[f"search/en/d/{i}.js"])["u"] for i in range(manifest["n"])}  # type: ignore[index]
    found, page = {}, 0
    for value in data["p"]:  # type: ignore[index]
        page += value // 32
        found[paths[page]] = value % 32
    return found


def test_a_broad_prefix_has_a_file_of_every_page_with_a_word_it_starts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search_index, "SHARD_BYTES", 150)
    monkeypatch.setattr(search_index, "BROAD_SHARDS", 2)
    filler = " ".join(f"sa{n}x se{n}y si{n}z so{n}w" for n in range(12))
    pages = [
        indexed("a.html", "Solar pumps", filler),
        indexed("b.html", "Other", "A word with sunlight in it."),
        indexed("c.html", "Other", "Nothing of the kind."),
        indexed("d.html", "Other", "Only a word, a letter: s."),
    ]
    files = index_files(pages)
    assert "s" in data_of(files["search/en/manifest.js"])["broad"]  # type: ignore[index]
    scores = prefix_pages(files, "s")
    assert set(scores) == {"a.html", "b.html"}
    title = search_index.TITLE_FLAG * 2  # scores are twice the weight
    assert scores["a.html"] & title and not scores["b.html"] & title


def test_prefix_scores_are_the_browsers_and_longer_prefixes_are_read_once() -> None:
    index = build_language_index(
        "en",
        [
            indexed("a.html", "Sun", "sun"),
            indexed("b.html", "T", "sunny"),
            indexed("c.html", "T", "sand"),
            indexed("d.html", "T", "moon"),
        ],
    )
    weight = {  # each page's one word: its weight
        page: index.postings[index.family_of[word]][0] % 16
        for page, word in enumerate(["sun", "sunny", "sand", "moon"])
    }
    scores = prefix_scores(index, ["s", "su", "sun"])
    assert list(scores["sun"]) == [weight[0] * 2 + 1, weight[1] * 2, 0, 0]  # "sun" is a word
    assert list(scores["su"]) == [weight[0] * 2, weight[1] * 2, 0, 0]
    assert list(scores["s"]) == [weight[0] * 2, weight[1] * 2, weight[2] * 2, 0]
    assert weight[0] & search_index.TITLE_FLAG and not weight[1] & search_index.TITLE_FLAG


def test_a_prefix_file_too_large_keeps_the_best_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_index, "PREFIX_BYTES", 200)
    scores = [31 if page % 10 == 0 else 2 for page in range(500)]
    data = prefix_file(scores)
    assert data["c"] == 0 and len(search_index.script_json(data)) <= 200
    kept, page = [], 0
    for value in data["p"]:  # type: ignore[attr-defined]
        page += value // 32
        kept.append((page, value % 32))
    assert kept and all(score == 31 for _, score in kept)  # the best first
    assert prefix_file([0, 3, 0, 0, 5]) == {"p": [1 * 32 + 3, 3 * 32 + 5]}


def test_index_files_one_folder_per_language() -> None:
    files = index_files(
        [
            indexed("cases/a.html", "Solar", "Pumps", kind="case"),
            indexed("zh/cases/a.html", "太阳能水泵", "数字化转型", kind="case", lang="zh"),
        ]
    )
    assert {path.split("/")[1] for path in files} == {"en", "zh"}
    manifest = data_of(files["search/zh/manifest.js"])
    assert manifest == {"n": 1, "kinds": [["case", 0, 1]], "keys": manifest["keys"], "broad": []}  # type: ignore[index]
    assert files["search/zh/manifest.js"].startswith('casebookSearchData.manifest("zh",')
    record = data_of(files["search/zh/d/0.js"])
    assert record == {
        "u": "zh/cases/a.html",
        "t": "太阳能水泵",
        "k": "case",
        "s": [["", "数字化转型"]],
    }
    english_words = {
        word
        for path, text in files.items()
        if path.startswith("search/en/t/")
        for word in data_of(text)["w"]  # type: ignore[index]
    }
    assert english_words == {"solar", "pumps"}


def test_index_site_replaces_the_search_folder(tmp_path: Path) -> None:
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "a.html").write_text(html_page("<h1>Solar</h1><p>Pumps</p>"), "utf-8")
    (tmp_path / "search" / "old").mkdir(parents=True)
    (tmp_path / "search" / "old" / "stale.js").write_text("x", "utf-8")
    stats = index_site(tmp_path)
    assert stats.pages == 1 and stats.languages == ("en",)
    written = sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "search").rglob("*"))
    assert "search/old/stale.js" not in written and "search/en/manifest.js" in written
    assert "search/old" not in written  # an emptied folder goes too
    assert stats.files == sum(1 for p in (tmp_path / "search").rglob("*.js"))


def test_an_index_written_by_several_processes_is_the_one_written_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "MIN_ITEMS_PER_PROCESS", 2)
    monkeypatch.setattr(parallel, "other_threads", lambda: False)  # as after a browser test
    pages = [indexed(f"cases/{n}.html", f"Case {n}", f"solar pumps number{n}") for n in range(9)]
    forks = []
    monkeypatch.setattr(os, "fork", _counting(os.fork, forks))
    write_index(tmp_path / "one", pages)
    assert forks == []
    write_index(tmp_path / "two", pages, processes=2)
    assert forks

    def files(site: Path) -> dict[str, bytes]:
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
                if p.is_file()}  # fmt: skip

    assert files(tmp_path / "two") == files(tmp_path / "one")


def _counting(fork: Callable[[], int], calls: list[int]) -> Callable[[], int]:
    def counted() -> int:
        pid = fork()
        if pid:
            calls.append(pid)
        return pid

    return counted


def test_an_index_written_over_an_earlier_one_is_the_index_written_anew(tmp_path: Path) -> None:
    """The index is updated in place: what stays is exactly what a fresh index holds."""
    first = [indexed(f"cases/{n}.html", f"Case {n}", f"solar pumps number{n}") for n in range(9)]
    write_index(tmp_path / "updated", first)
    write_index(tmp_path / "updated", first[:2])
    write_index(tmp_path / "fresh", first[:2])

    def files(site: Path) -> dict[str, bytes]:
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
                if p.is_file()}  # fmt: skip

    assert files(tmp_path / "updated") == files(tmp_path / "fresh")
    folders = {p.name for p in (tmp_path / "updated").rglob("*") if p.is_dir()}
    assert folders == {p.name for p in (tmp_path / "fresh").rglob("*") if p.is_dir()}


def test_index_files_are_scripts_even_for_old_browsers() -> None:
    files = index_files([indexed("a.html", "Line\u2028separator", "Para\u2029graph")])
    record = files["search/en/d/0.js"]
    assert "\u2028" not in record and "\\u2028" in record and "\u2029" not in record
    assert data_of(record) == {"u": "a.html", "t": "Line\u2028separator", "k": "page",
                               "s": [["", "Para\u2029graph"]]}  # fmt: skip


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("a<div data-search-exclude><div>x</div><div><div>y</div></div></div>b", "ab"),
        ("a<div data-search-exclude>x</div>b<div data-search-exclude>y</div>c", "abc"),
        ('<div data-search-exclude><h1 id="k">Kenya</h1><ul><li>x</li></ul></div>p',
         '<h1 id="k">Kenya</h1>p'),
        ("a<div data-search-exclude><div>never closed</div>", None),  # left to the parser
        ('a<div class="x" data-search-exclude>kept for the parser</div>', None),
    ],
)  # fmt: skip
def test_excluded_blocks_are_cut_as_text(html: str, expected: str | None) -> None:
    assert without_excluded_blocks(html) == (html if expected is None else expected)
