import unittest

import passwords
from passwords import (
    CommonPassword,
    ContainsUsername,
    MissingCharacter,
    PolicyError,
    TooLong,
    TooShort,
    check_password,
)

GOOD = "Correct-Horse-9"


class PolicyTestCase(unittest.TestCase):
    def assertRefused(self, exception_class, message, password, username=""):
        with self.assertRaises(exception_class) as raised:
            check_password(password, username)
        self.assertIs(type(raised.exception), exception_class)
        self.assertEqual(str(raised.exception), message)
        return raised.exception


class AcceptedTest(PolicyTestCase):
    def test_good_passwords_return_none(self):
        for password in (GOOD, "aB3!aB3!aB3!", "aB3!" * 16, "x" * 60 + "aB3!", "Zz9~ with spaces"):
            with self.subTest(password=password):
                self.assertIsNone(check_password(password))


class TypeTest(PolicyTestCase):
    def test_not_a_str(self):
        for value in (None, 123456789012, b"Correct-Horse-9", ["Correct-Horse-9"]):
            with self.subTest(value=value):
                with self.assertRaises(TypeError) as raised:
                    check_password(value)
                self.assertNotIsInstance(raised.exception, PolicyError)
                self.assertEqual(str(raised.exception), "password must be a str")


class LengthTest(PolicyTestCase):
    def test_boundaries(self):
        self.assertIsNone(check_password("aB3!aB3!aB3!"))
        self.assertIsNone(check_password("aB3!" * 16))
        self.assertRefused(TooShort, "password must be at least 12 characters, got 11", "aB3!aB3!aB3")
        self.assertRefused(TooLong, "password must be at most 64 characters, got 65", "aB3!" * 16 + "x")

    def test_short_and_long_messages_give_the_length(self):
        self.assertRefused(TooShort, "password must be at least 12 characters, got 0", "")
        self.assertRefused(TooShort, "password must be at least 12 characters, got 5", "short")
        self.assertRefused(TooLong, "password must be at most 64 characters, got 100", "a" * 100)

    def test_non_ascii_characters_count_for_length(self):
        self.assertRefused(TooShort, "password must be at least 12 characters, got 11", "Café-Crème9")

    def test_length_comes_before_every_other_rule(self):
        self.assertRefused(TooShort, "password must be at least 12 characters, got 3", "bob", "bob")
        self.assertRefused(TooShort, "password must be at least 12 characters, got 3", "abc")
        self.assertRefused(TooLong, "password must be at most 64 characters, got 70", "bob" + "a" * 67, "bob")


class CharactersTest(PolicyTestCase):
    def test_each_missing_kind(self):
        cases = {
            "AB3!AB3!AB3!": (("lowercase",), "password needs a lowercase letter"),
            "ab3!ab3!ab3!": (("uppercase",), "password needs an uppercase letter"),
            "aB!!aB!!aB!!": (("digit",), "password needs a digit"),
            "aB33aB33aB33": (("symbol",), "password needs a symbol"),
        }
        for password, (missing, message) in cases.items():
            with self.subTest(password=password):
                error = self.assertRefused(MissingCharacter, message, password)
                self.assertEqual(error.missing, missing)

    def test_every_missing_kind_is_listed_in_order(self):
        error = self.assertRefused(
            MissingCharacter, "password needs an uppercase letter, a digit, a symbol", "alllowercase"
        )
        self.assertEqual(error.missing, ("uppercase", "digit", "symbol"))
        error = self.assertRefused(
            MissingCharacter, "password needs a lowercase letter, an uppercase letter, a digit, a symbol", "\u00e9" * 12
        )
        self.assertEqual(error.missing, ("lowercase", "uppercase", "digit", "symbol"))
        error = self.assertRefused(MissingCharacter, "password needs a lowercase letter, a symbol", "ABCDEF123456")
        self.assertEqual(error.missing, ("lowercase", "symbol"))

    def test_a_space_or_non_ascii_is_not_a_symbol(self):
        for password in ("Correct Horse 9", "Correct\u20acHorse9", "Caf\u00e9Cr\u00e8me99x"):
            with self.subTest(password=password):
                error = self.assertRefused(MissingCharacter, "password needs a symbol", password)
                self.assertEqual(error.missing, ("symbol",))

    def test_characters_come_before_username_and_common(self):
        self.assertRefused(MissingCharacter, "password needs a symbol", "bobBobBob123", "bob")
        self.assertRefused(MissingCharacter, "password needs a symbol", "Password1234")


class UsernameTest(PolicyTestCase):
    def test_username_in_the_password_ignoring_case(self):
        for password, username in (("Sunny-Day-2024", "sunny"), ("sunny-Day-2024", "SUNNY"),
                                   ("Day-SuNnY-2024", "sUnNy"), ("xBob-2024-abc", "bob")):
            with self.subTest(password=password, username=username):
                self.assertRefused(ContainsUsername, "password must not contain the username", password, username)

    def test_short_usernames_are_not_checked(self):
        for username in ("", "a", "Co"):
            with self.subTest(username=username):
                self.assertIsNone(check_password(GOOD, username))

    def test_a_username_absent_from_the_password(self):
        self.assertIsNone(check_password(GOOD, "alice"))
        self.assertIsNone(check_password(GOOD, "horses"))

    def test_username_comes_before_common(self):
        self.assertRefused(ContainsUsername, "password must not contain the username", "Password123!", "pass")


class CommonTest(PolicyTestCase):
    def test_every_common_password_in_any_case(self):
        for password in ("Password123!", "pASSWORD123!", "Qwerty123456!", "LetMeIn12345!", "Welcome2024!",
                         "ILoveYou123!"):
            with self.subTest(password=password):
                self.assertRefused(CommonPassword, "password is too common", password)

    def test_an_all_lowercase_common_password_fails_the_character_rule_first(self):
        self.assertRefused(MissingCharacter, "password needs an uppercase letter", "password123!")

    def test_the_set_is_exported(self):
        self.assertIsInstance(passwords.COMMON_PASSWORDS, frozenset)
        self.assertEqual(
            passwords.COMMON_PASSWORDS,
            {"password123!", "qwerty123456!", "letmein12345!", "welcome2024!", "iloveyou123!"},
        )

    def test_near_misses_are_accepted(self):
        self.assertIsNone(check_password("Password1234!"))
        self.assertIsNone(check_password("Xpassword123!"))


class HierarchyTest(unittest.TestCase):
    def test_classes_and_rules(self):
        rules = {TooShort: "length", TooLong: "length", MissingCharacter: "characters",
                 ContainsUsername: "username", CommonPassword: "common"}
        for exception_class, rule in rules.items():
            with self.subTest(exception_class=exception_class.__name__):
                self.assertTrue(issubclass(exception_class, PolicyError))
                self.assertTrue(issubclass(exception_class, ValueError))
                self.assertEqual(exception_class.rule, rule)

    def test_raised_instances_carry_their_rule(self):
        cases = (("short", "", "length"), ("a" * 65, "", "length"), ("alllowercase", "", "characters"),
                 ("Sunny-Day-2024", "sunny", "username"), ("Password123!", "", "common"))
        for password, username, rule in cases:
            with self.subTest(password=password):
                with self.assertRaises(ValueError) as raised:
                    check_password(password, username)
                self.assertEqual(raised.exception.rule, rule)


if __name__ == "__main__":
    unittest.main()
