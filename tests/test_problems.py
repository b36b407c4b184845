"""Problems rendered for people, tools and GitHub annotations."""

from __future__ import annotations

import pytest

from casebook.problems import error


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("content/cases/a.md", "content/cases/a.md"),
        # A file name could otherwise end the property list and forge another annotation...
        ("content/cases/x,line=1::forged.md", "content/cases/x%2Cline=1%3A%3Aforged.md"),
        # ...or start a new workflow command on a line of its own (stop-commands stops them all).
        (
            "content/cases/a\n::stop-commands::t.md",
            "content/cases/a%0A%3A%3Astop-commands%3A%3At.md",
        ),
        ("content/cases/100%.md", "content/cases/100%25.md"),
    ],
)
def test_a_github_annotation_escapes_the_file_name(path: str, shown: str) -> None:
    line = error(path, 3, "active-html", "", "a\nb % c").render_github()
    assert line == f"::error file={shown},line=3::[active-html] a%0Ab %25 c"
    assert "\n" not in line and line.count("::") == 2
