import re
from collections import Counter


def word_frequency(text):
    words = re.findall(r"[^\W\d_]+", text)
    return dict(Counter(w.lower() for w in words))
