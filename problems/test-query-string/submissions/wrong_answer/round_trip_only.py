import unittest

from querystring import build_query, parse_query


class RoundTripTest(unittest.TestCase):
    def test_round_trips(self):
        for params in ({"a": ["1"]}, {"q": ["hello world"]}, {"tag": ["a", "b"]}, {"e": ["caf\u00e9"]}):
            with self.subTest(params=params):
                self.assertEqual(parse_query(build_query(params)), params)


if __name__ == "__main__":
    unittest.main()
