import re
from collections import Counter


def word_frequency(text):
    return dict(Counter(re.findall(r"[A-Za-z]+", text)))
