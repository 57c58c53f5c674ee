def is_palindrome(s):
    chars = [c.lower() for c in s if c.isalpha()]
    return chars == chars[::-1]
