def is_valid(s):
    # bug: only counts each bracket type, ignoring nesting order
    for open_, close in ("()", "[]", "{}"):
        depth = 0
        for ch in s:
            if ch == open_:
                depth += 1
            elif ch == close:
                depth -= 1
                if depth < 0:
                    return False
        if depth != 0:
            return False
    return True
