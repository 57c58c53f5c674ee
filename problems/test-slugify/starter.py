import pytest

from slugs import slugify


def test_spaces_become_dashes():
    assert slugify("hello world") == "hello-world"
