import pytest

from slugs import slugify


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hello, World!", "hello-world"),
        ("Don't Panic", "dont-panic"),
        ("Crème Brûlée", "creme-brulee"),
        ("top_10 tips", "top-10-tips"),
        ("?!", ""),
    ],
)
def test_slugify(text, expected):
    assert slugify(text) == expected


def test_separator():
    assert slugify("a b c", "_") == "a_b_c"


def test_max_length_somewhere_in_the_middle():
    # Never a slug exactly max_length long, never a first word that does not fit.
    assert slugify("The quick brown fox", max_length=12) == "the-quick"
