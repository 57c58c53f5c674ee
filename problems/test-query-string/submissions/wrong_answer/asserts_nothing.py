import unittest

from querystring import build_query, parse_query


class QueryTest(unittest.TestCase):
    def test_parse_runs(self):
        parse_query("?q=caf%C3%A9+au+lait&tag=a&tag=b&flag")

    def test_build_runs(self):
        build_query({"q": "caf\u00e9", "tag": ["a", "b"]})


if __name__ == "__main__":
    unittest.main()
