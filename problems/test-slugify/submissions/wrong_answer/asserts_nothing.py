import pytest

from slugs import slugify


@pytest.mark.parametrize("text", ["hello world", "Crème Brûlée", "Don't Panic", "?!"])
def test_slugify_runs(text):
    slugify(text)
    slugify(text, separator="_", max_length=5)
