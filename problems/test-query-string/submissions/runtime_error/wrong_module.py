import unittest

from urllib.parse import parse_qs
from query_string import parse_query


class ParseQueryTest(unittest.TestCase):
    def test_one_pair(self):
        self.assertEqual(parse_query("a=1"), parse_qs("a=1"))


if __name__ == "__main__":
    unittest.main()
