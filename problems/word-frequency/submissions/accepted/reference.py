def word_frequency(text):
    counts = {}
    word = []
    for ch in text + " ":
        if ch.isalpha():
            word.append(ch)
        elif word:
            key = "".join(word).lower()
            counts[key] = counts.get(key, 0) + 1
            word = []
    return counts
