import pytest

from slugs import make_slug, slugify


def test_spaces_become_dashes():
    assert slugify("hello world") == "hello-world"
