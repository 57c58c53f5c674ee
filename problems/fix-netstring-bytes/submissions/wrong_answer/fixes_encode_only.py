def encode(messages):
    out = b""
    for text in messages:
        body = text.encode("utf-8")
        out += f"{len(body)}:".encode("ascii") + body + b","
    return out


def decode(data):
    messages = []
    pos = 0
    while pos < len(data):
        colon = data.index(b":", pos)
        size = int(data[pos:colon])
        start = colon + 1
        end = start + size
        if data[end] != ",":
            raise ValueError(f"malformed netstring at byte {pos}")
        messages.append(data[start:end].decode("utf-8"))
        pos = end + 1
    return messages
