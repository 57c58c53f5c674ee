from verdict import sample


@sample
def test_accented_text_survives_the_round_trip(solution, check):
    frame = check(solution.encode(["café", "ok"]))
    check.call(solution.decode, frame)
    check.call(solution.decode, b"5:hello,")


def test_ascii_frames(solution, check):
    check(solution.encode(["hello"]))
    check(solution.encode(["a", "bc", "def"]))
    check(solution.decode(b"1:a,2:bc,3:def,"))


def test_lengths_count_bytes_not_characters(solution, check):
    check(solution.encode(["é"]))
    check(solution.encode(["日本語"]))
    check(solution.encode(["🙂 hi"]))
    check(len(solution.encode(["naïve", "über"])))


def test_decoding_utf8_bodies(solution, check):
    check(solution.decode("4:añb,".encode("utf-8")))
    check(solution.decode("9:日本語,".encode("utf-8")))
    check(solution.decode(b"2:\xc3\xa9,0:,"))


def test_round_trips(solution, check):
    messages = ["", "plain", "Zoë", "a,b:c", "10:x,", "€€€", "line\nbreak"]
    frame = solution.encode(messages)
    check(frame)
    check(solution.decode(frame))
    check(type(solution.decode(frame)[1]))


def test_nothing_to_send(solution, check):
    check(solution.encode([]))
    check(solution.decode(b""))
    check(solution.encode([""]))
    check(solution.decode(b"0:,"))


def test_missing_terminator_is_refused(solution, check):
    with check.raises():
        solution.decode(b"3:abc;")
    with check.raises():
        solution.decode(b"1:a,3:abcd,")
    with check.raises():
        solution.decode(b"2:a,")


def test_truncated_frame_is_a_value_error(solution, check):
    with check.raises(message=False):
        solution.decode(b"5:hel")
    with check.raises(message=False):
        solution.decode(b"5:hello")
    with check.raises(message=False):
        solution.decode(b"1:a,5:he")


def test_garbage_is_a_value_error(solution, check):
    with check.raises(message=False):
        solution.decode(b"x:abc,")
    with check.raises(message=False):
        solution.decode(b"hello")
    check(solution.decode(b"2:ab,2:cd,"))


def test_a_body_cut_inside_a_character(solution, check):
    with check.raises(message=False):
        solution.decode(b"1:\xc3,")
    check(solution.decode("2:é,1:x,".encode("utf-8")))
