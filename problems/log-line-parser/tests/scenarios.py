from verdict import sample


@sample
def test_parse_one_line(solution, check):
    check(solution.parse_line('2026-12-03T14:22:51Z ERROR [auth] login failed user=bob reason="bad password"\n'))
    with check.raises():
        solution.parse_line("2026-12-03T14:22:51Z WARN [auth] slow", 7)


def test_every_level_and_component_form(solution, check):
    for level in ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]:
        record = solution.parse_line("2026-01-01T00:00:00Z %s [db.pool-2_a] checked out conn=3" % level)
        check((record["level"], record["component"], record["message"], record["fields"]), label=level)
    record = solution.parse_line("2024-02-29T23:59:59Z INFO [x] leap second-ish")
    check(record["timestamp"])
    check(list(record))


def test_line_endings(solution, check):
    check(solution.parse_line("2026-12-03T14:22:51Z INFO [web] ok\r\n")["message"])
    check(solution.parse_line("2026-12-03T14:22:51Z INFO [web] ok  \n")["message"])
    with check.raises():
        solution.parse_line("2026-12-03T14:22:51Z INFO [web] ok\n\n")
    with check.raises():
        solution.parse_line("2026-12-03T14:22:51Z INFO [web] two\nlines")


def test_rejects_near_misses(solution, check):
    good = "2026-12-03T14:22:51Z INFO [web] started"
    check(solution.parse_line(good)["component"])
    bad = [
        "", "   ", "garbage", "x " + good, good.replace("INFO", "info"), good.replace("INFO", "WARN"),
        good.replace("INFO", "INFORMATION"), good.replace("[web]", "web"), good.replace("[web]", "[Web]"),
        good.replace("[web]", "[9web]"), good.replace("[web]", "[]"), good.replace(" started", ""),
        good.replace(" started", "  started"), good.replace("Z ", " "), good.replace("T", " ", 1),
        good.replace("14:22:51", "14:22"), good.replace("2026-12-03", "2026-2-03"),
        good.replace("INFO ", "INFO  "), "2026-02-30T10:00:00Z INFO [web] no such day",
        "2026-12-03T24:00:00Z INFO [web] no such hour", "2026-13-03T10:00:00Z INFO [web] no such month",
    ]
    for line in bad:
        with check.raises(label=repr(line)):
            solution.parse_line(line)


def test_error_carries_its_line_number(solution, check):
    try:
        solution.parse_line("nope", 12)
    except solution.LogFormatError as exc:
        check(exc.line_no)
        check(str(exc))
        check(isinstance(exc, ValueError))
    try:
        solution.parse_line("nope\n")
    except ValueError as exc:
        check(type(exc).__name__)
        check(exc.line_no)
        check(str(exc))
    error = solution.LogFormatError("raw line", 3)
    check(str(error))
    check(error.line_no)


def test_fields(solution, check):
    def fields(message):
        return solution.parse_line("2026-12-03T14:22:51Z INFO [api] " + message)["fields"]

    check(fields("request done status=200 path=/v1/items?id=7 ms=12.5"))
    check(fields('note="a = b" who="" next=1'))
    check(fields("xuser=bob user=amy"))
    check(fields("retry n=1 n=2 n=3"))
    check(fields("no fields here"))
    check(fields('broken="unterminated value ok=yes'))
    check(fields("Key=upper _id=9 a1=2 1a=3 =5 k= x"))
    check(fields("size=10 unit=MB, tag=x=y"))


def test_summarize(solution, check):
    log = [
        "2026-12-03T00:00:01Z INFO [web] started port=8080\n",
        "2026-12-03T00:00:02Z DEBUG [db] pool size=5\n",
        "\n",
        "2026-12-03T00:01:00Z ERROR [db] query failed table=orders\n",
        "Traceback (most recent call last):\n",
        "2026-12-03T00:01:01Z WARNING [web] slow request ms=950\n",
        "   \n",
        "2026-12-03T00:02:00Z CRITICAL [web] out of memory\n",
        "2026-12-03T00:02:01Z INFO [web] restarting\n",
        "ERROR [web] missing timestamp\n",
    ]
    check(solution.summarize(log))
    check(solution.summarize(line for line in log[:3]))
    check(solution.summarize([]))


def test_summarize_strict(solution, check):
    log = ["2026-12-03T00:00:01Z INFO [web] ok", "", "half a line", "also bad"]
    with check.raises():
        solution.summarize(log, strict=True)
    try:
        solution.summarize(iter(log), strict=True)
    except solution.LogFormatError as exc:
        check(exc.line_no)
    check(solution.summarize(log[:2], strict=True))
    check(solution.summarize(log))


def test_summarize_reads_a_file_like_stream(solution, check):
    import io

    text = ("2026-12-03T09:00:00Z ERROR [billing] charge failed customer=42 amount=\"19.99 EUR\"\r\n"
            "2026-12-03T09:00:05Z ERROR [billing] charge failed customer=43\r\n"
            "2026-12-03T09:00:09Z INFO [billing] retry scheduled\r\n")
    check(solution.summarize(io.StringIO(text)))
    check(solution.summarize(text.splitlines()))
    first = next(iter(io.StringIO(text)))
    check(solution.parse_line(first)["fields"])
