import unittest

from querystring import build_query, parse_query


class ParseQueryTest(unittest.TestCase):
    def test_one_pair(self):
        self.assertEqual(parse_query("a=1"), {"a": ["1"]})


if __name__ == "__main__":
    unittest.main()
