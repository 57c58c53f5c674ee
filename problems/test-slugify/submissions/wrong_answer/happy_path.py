from slugs import slugify


def test_spaces_become_dashes():
    assert slugify("hello world") == "hello-world"


def test_punctuation_is_dropped():
    assert slugify("Hello, World!") == "hello-world"


def test_max_length_cuts_words():
    assert slugify("The quick brown fox", max_length=12) == "the-quick"
