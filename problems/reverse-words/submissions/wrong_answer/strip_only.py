def reverse_words(s):
    return " ".join(s.strip().split(" ")[::-1])
