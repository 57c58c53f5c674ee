def reverse_words(s):
    words = []
    current = []
    for ch in s:
        if ch.isspace():
            if current:
                words.append("".join(current))
                current = []
        else:
            current.append(ch)
    if current:
        words.append("".join(current))
    words.reverse()
    return " ".join(words)
