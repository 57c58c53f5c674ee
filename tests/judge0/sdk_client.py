"""The official Judge0 Python SDK against a Verdict server's Judge0 API.

Usage: sdk_client.py BASE_URL AUTH_TOKEN. tests/judge0.rs starts `verdict serve --judge0` and
runs this with the SDK's virtual environment (scripts/judge0-sdk.sh). Each case goes through the
SDK's own calls (run, create_submissions, wait), so the shapes, statuses, base64 and batching
are the SDK's. Prints one line per case and how many of them passed; exits 1 on any failure.
"""

import sys

import judge0
from judge0 import Status, Submission

BASE, TOKEN = sys.argv[1], sys.argv[2]
client = judge0.Client(BASE, {"X-Auth-Token": TOKEN}, retry_strategy=judge0.RegularPeriodRetry(0.05))
results = []


def case(name):
    def wrap(body):
        try:
            body()
            results.append((name, None))
        except Exception as error:  # a failed case is reported, the others still run
            results.append((name, repr(error)))
        return body

    return wrap


def run(**kwargs):
    return judge0.run(client=client, language=judge0.PYTHON, **kwargs)


@case("languages and config")
def _():
    assert [lang.id for lang in client.languages] == [71], client.languages
    assert client.config.max_submission_batch_size == 20, client.config
    assert client.get_about()["version"] == "1.13.1"
    statuses = client.get_statuses()
    assert [s["id"] for s in statuses] == list(range(1, 15)), statuses


@case("hello world")
def _():
    done = run(source_code='print("hello, world")')
    assert done.status == Status.ACCEPTED, done
    assert done.stdout == "hello, world\n", done.stdout


@case("stdin")
def _():
    done = run(source_code='print("hello,", input())', stdin="Ada")
    assert done.status == Status.ACCEPTED, done
    assert done.stdout == "hello, Ada\n", done.stdout


@case("expected output: right, with trailing whitespace")
def _():
    done = run(source_code="print(6 * 7, end='   \\n\\n')", expected_output="42")
    assert done.status == Status.ACCEPTED, done


@case("expected output: wrong answer")
def _():
    done = run(source_code="print(6 * 9)", expected_output="42\n")
    assert done.status == Status.WRONG_ANSWER, done
    assert done.stdout == "54\n", done.stdout


@case("syntax error")
def _():
    done = run(source_code="print('unclosed'\n")
    # Judge0 runs Python without a compile step: a syntax error is a runtime error (NZEC).
    assert done.status == Status.RUNTIME_ERROR_NZEC, done
    assert "SyntaxError" in done.stderr, done.stderr
    assert done.exit_code == 1, done


@case("time limit")
def _():
    done = run(source_code="while True:\n    pass\n", cpu_time_limit=1)
    assert done.status == Status.TIME_LIMIT_EXCEEDED, done
    assert done.time >= 0.9, done.time


@case("a batch of 40")
def _():
    # The SDK decodes any field that happens to be valid base64 when a Submission is made
    # ("1024" would become three bytes), so each expected output holds a space and a colon.
    program = "n = int(input())\nprint('square:', n * n)"
    submissions = [
        Submission(source_code=program, language=judge0.PYTHON, stdin=str(n), expected_output=f"square: {n * n}")
        for n in range(40)
    ]
    done = judge0.run(client=client, submissions=submissions)
    assert len(done) == 40
    assert len({s.token for s in done}) == 40, "a token each"
    for n, submission in enumerate(done):
        assert submission.status == Status.ACCEPTED, (n, submission)
        assert submission.stdout == f"square: {n * n}\n", (n, submission.stdout)


failed = 0
for name, error in results:
    if error is None:
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name}: {error}")
print(f"SDK cases: {len(results) - failed} of {len(results)} passed")
sys.exit(1 if failed else 0)
