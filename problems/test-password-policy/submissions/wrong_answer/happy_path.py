import unittest

from passwords import PolicyError, check_password


class CheckPasswordTest(unittest.TestCase):
    def test_a_good_password_is_accepted(self):
        self.assertIsNone(check_password("Correct-Horse-9"))

    def test_bad_passwords_are_refused(self):
        for password in ("short", "alllowercase", "Password123!"):
            with self.subTest(password=password):
                self.assertRaises(PolicyError, check_password, password)


if __name__ == "__main__":
    unittest.main()
