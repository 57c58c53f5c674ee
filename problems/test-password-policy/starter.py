import unittest

import passwords
from passwords import check_password


class CheckPasswordTest(unittest.TestCase):
    def test_a_good_password_is_accepted(self):
        self.assertIsNone(check_password("Correct-Horse-9"))


if __name__ == "__main__":
    unittest.main()
