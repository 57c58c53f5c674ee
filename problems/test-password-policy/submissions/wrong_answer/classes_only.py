import unittest

from passwords import CommonPassword, ContainsUsername, MissingCharacter, TooLong, TooShort, check_password


class ExceptionClassTest(unittest.TestCase):
    """Checks which class is raised, never the message, the attributes or the order of the rules."""

    def test_each_rule(self):
        self.assertRaises(TooShort, check_password, "short")
        self.assertRaises(TooLong, check_password, "aB3!" * 20)
        self.assertRaises(MissingCharacter, check_password, "alllowercase")
        self.assertRaises(ContainsUsername, check_password, "Sunny-Day-2024", "sunny")
        self.assertRaises(CommonPassword, check_password, "Password123!")
        self.assertIsNone(check_password("Correct-Horse-9"))


if __name__ == "__main__":
    unittest.main()
