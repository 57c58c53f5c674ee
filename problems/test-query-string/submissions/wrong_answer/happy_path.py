import unittest

from querystring import build_query, parse_query


class QueryTest(unittest.TestCase):
    def test_parse(self):
        self.assertEqual(parse_query("a=1&b=2"), {"a": ["1"], "b": ["2"]})
        self.assertEqual(parse_query("?q=hello"), {"q": ["hello"]})

    def test_build(self):
        self.assertEqual(build_query({"a": "1", "b": "2"}), "a=1&b=2")


if __name__ == "__main__":
    unittest.main()
