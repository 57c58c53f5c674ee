import unittest

from querystring import build_query, parse_query


class ParseQueryTest(unittest.TestCase):
    def test_pairs_and_leading_question_mark(self):
        self.assertEqual(parse_query("a=1&b=2"), {"a": ["1"], "b": ["2"]})
        self.assertEqual(parse_query("?a=1&b=2"), {"a": ["1"], "b": ["2"]})
        self.assertEqual(parse_query("??a=1"), {"?a": ["1"]})

    def test_empty_queries(self):
        for query in ("", "?", "&", "&&&"):
            with self.subTest(query=query):
                self.assertEqual(parse_query(query), {})

    def test_empty_pieces_are_skipped(self):
        self.assertEqual(parse_query("a=1&&b=2&"), {"a": ["1"], "b": ["2"]})

    def test_split_at_the_first_equals_sign(self):
        self.assertEqual(parse_query("a=b=c"), {"a": ["b=c"]})
        self.assertEqual(parse_query("a=="), {"a": ["="]})
        self.assertEqual(parse_query("expr=1%2B1=2"), {"expr": ["1+1=2"]})

    def test_piece_without_equals_and_empty_key(self):
        self.assertEqual(parse_query("flag"), {"flag": [""]})
        self.assertEqual(parse_query("flag&a="), {"flag": [""], "a": [""]})
        self.assertEqual(parse_query("=5"), {"": ["5"]})

    def test_repeated_keys_keep_every_value_in_order(self):
        result = parse_query("tag=b&x=1&tag=a&tag=b")
        self.assertEqual(result, {"tag": ["b", "a", "b"], "x": ["1"]})
        self.assertEqual(list(result), ["tag", "x"])

    def test_keys_keep_first_appearance_order(self):
        self.assertEqual(list(parse_query("z=1&a=2&m=3&a=4")), ["z", "a", "m"])

    def test_plus_is_a_space_and_escaped_plus_is_a_plus(self):
        self.assertEqual(parse_query("q=a+b+c"), {"q": ["a b c"]})
        self.assertEqual(parse_query("q=%2B&r=%2b"), {"q": ["+"], "r": ["+"]})
        self.assertEqual(parse_query("my+key=1"), {"my key": ["1"]})

    def test_percent_escapes(self):
        self.assertEqual(parse_query("q=%26%3D%25"), {"q": ["&=%"]})
        self.assertEqual(parse_query("q=%e2%82%ac"), {"q": ["\u20ac"]})
        self.assertEqual(parse_query("caf%C3%A9=caf%c3%a9"), {"caf\u00e9": ["caf\u00e9"]})
        self.assertEqual(parse_query("sp=%20"), {"sp": [" "]})

    def test_invalid_utf8_becomes_replacement_characters(self):
        self.assertEqual(parse_query("q=%FF"), {"q": ["\ufffd"]})
        self.assertEqual(parse_query("q=a%E9b"), {"q": ["a\ufffdb"]})

    def test_bad_percent_escapes(self):
        cases = {
            "a=%G1": "'%G1'", "a=%4": "'%4'", "a=%": "'%'", "a=%zz": "'%zz'", "%x=1": "'%x'",
            "a=%+1": "'%+1'", "a=1%": "'%'", "a=%%41": "'%%4'",
        }
        for query, shown in cases.items():
            with self.subTest(query=query):
                with self.assertRaises(ValueError) as raised:
                    parse_query(query)
                self.assertEqual(str(raised.exception), f"bad percent escape: {shown}")


class BuildQueryTest(unittest.TestCase):
    def test_strings_and_lists(self):
        self.assertEqual(build_query({"a": "1", "b": ["x", "y"]}), "a=1&b=x&b=y")
        self.assertEqual(build_query({"b": ["y", "x"], "a": "1"}), "b=y&b=x&a=1")

    def test_empty(self):
        self.assertEqual(build_query({}), "")
        self.assertEqual(build_query({"none": []}), "")
        self.assertEqual(build_query({"a": "", "none": [], "b": "2"}), "a=&b=2")

    def test_encoding(self):
        self.assertEqual(build_query({"q": "caf\u00e9 & co"}), "q=caf%C3%A9+%26+co")
        self.assertEqual(build_query({"safe": "AZaz09-._~"}), "safe=AZaz09-._~")
        self.assertEqual(build_query({"my key": "1+1=2"}), "my+key=1%2B1%3D2")
        self.assertEqual(build_query({"e": "\u20ac/?#%"}), "e=%E2%82%AC%2F%3F%23%25")

    def test_wrong_value_types(self):
        for params, key in (({"n": 5}, "'n'"), ({"l": ["a", 1]}, "'l'"), ({"t": ("a",)}, "'t'"),
                            ({"ok": "1", "bad": None}, "'bad'")):
            with self.subTest(params=params):
                with self.assertRaises(TypeError) as raised:
                    build_query(params)
                self.assertEqual(str(raised.exception), f"value for {key} must be a str or a list of str")


class RoundTripTest(unittest.TestCase):
    def test_round_trip(self):
        params = {
            "q": ["caf\u00e9 au lait", "1+1=2"],
            "": ["empty key"],
            "sym": ["&=?%#+ ~"],
            "blank": [""],
            "\u65e5\u672c": ["\U0001F600"],
        }
        self.assertEqual(parse_query(build_query(params)), params)


if __name__ == "__main__":
    unittest.main()
