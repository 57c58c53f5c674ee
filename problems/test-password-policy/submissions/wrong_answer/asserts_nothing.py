import unittest

from passwords import PolicyError, check_password


class CheckPasswordTest(unittest.TestCase):
    def test_passwords(self):
        for password in ("Correct-Horse-9", "short", "alllowercase", "Password123!"):
            try:
                check_password(password, "sunny")
            except PolicyError:
                pass


if __name__ == "__main__":
    unittest.main()
