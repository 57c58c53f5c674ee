import pytest

from slugs import slugify


@pytest.mark.parametrize(
    "text, expected",
    [
        ("hello world", "hello-world"),
        ("Hello, World!", "hello-world"),
        ("  Hello,   World!  ", "hello-world"),
        ("UPPER lower MiXeD", "upper-lower-mixed"),
        ("top_10 tips", "top-10-tips"),
        ("2024 in review", "2024-in-review"),
        ("already-a-slug", "already-a-slug"),
        ("a--b__c..d", "a-b-c-d"),
    ],
)
def test_words_are_lowercased_and_joined(text, expected):
    assert slugify(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Don't Panic", "dont-panic"),
        ("Don\u2019t Panic", "dont-panic"),
        ("'quoted'", "quoted"),
    ],
)
def test_apostrophes_vanish_without_a_gap(text, expected):
    assert slugify(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Crème Brûlée", "creme-brulee"),
        ("Ñandú", "nandu"),
        ("naïve café", "naive-cafe"),
        ("price in € or 日本 yen", "price-in-or-yen"),
    ],
)
def test_accents_keep_their_base_letter(text, expected):
    assert slugify(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "?!", "---", "日本"])
def test_no_word_gives_an_empty_slug(text):
    assert slugify(text) == ""


@pytest.mark.parametrize(
    "separator, expected",
    [("_", "a_b_c"), ("--", "a--b--c"), (".", "a.b.c")],
)
def test_custom_separator(separator, expected):
    assert slugify("A b, C!", separator) == expected


def test_empty_separator_is_refused():
    with pytest.raises(ValueError, match="^separator must not be empty$"):
        slugify("a b", separator="")


@pytest.mark.parametrize(
    "max_length, expected",
    [
        (3, "the"),
        (8, "the"),
        (9, "the-quick"),
        (14, "the-quick"),
        (15, "the-quick-brown"),
        (19, "the-quick-brown-fox"),
        (100, "the-quick-brown-fox"),
    ],
)
def test_max_length_keeps_whole_words(max_length, expected):
    assert slugify("The quick brown fox", max_length=max_length) == expected


@pytest.mark.parametrize(
    "text, max_length, expected",
    [
        ("Supercalifragilistic", 5, "super"),
        ("Supercalifragilistic words", 1, "s"),
        ("abcdef", 6, "abcdef"),
        ("abcdefg", 6, "abcdef"),
    ],
)
def test_a_first_word_too_long_is_cut(text, max_length, expected):
    assert slugify(text, max_length=max_length) == expected


def test_max_length_with_a_custom_separator():
    assert slugify("The quick brown fox", separator="_", max_length=15) == "the_quick_brown"
    assert slugify("a b c", separator="--", max_length=4) == "a--b"
    assert slugify("a b c", separator="--", max_length=3) == "a"


def test_max_length_on_a_text_without_words():
    assert slugify("?!", max_length=5) == ""


@pytest.mark.parametrize("max_length", [0, -1])
def test_max_length_below_one_is_refused(max_length):
    with pytest.raises(ValueError, match="^max_length must be at least 1$"):
        slugify("a b", max_length=max_length)


def test_separator_is_checked_before_max_length():
    with pytest.raises(ValueError, match="^separator must not be empty$"):
        slugify("a b", separator="", max_length=0)
