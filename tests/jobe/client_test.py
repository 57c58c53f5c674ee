"""A Jobe client that behaves as Moodle CodeRunner's jobesandbox.php does, run against a real
`verdict serve --jobe...` (tests/jobe.rs starts the servers and runs this file).

There is no Jobe client on PyPI, so this is one in the standard library only (urllib): it
lists the languages, submits a run_spec, and when the server answers 404 (a file it does not
hold) PUTs every file under its MD5 and submits again; it reads outcome, stdout, stderr and
cmpinfo, and like CodeRunner treats any stderr as a runtime error. Each test names what it
checks; the file exits non-zero when one fails.

Environment: JOBE_URL (the server, API key required: JOBE_KEY; one run slot, no wait),
JOBE_BROKEN_URL and JOBE_BROKEN_TOOLS (an open server whose tools folder the test removes, so
its runs fail inside Verdict).
"""

import base64
import hashlib
import json
import os
import shutil
import sys
import threading
import traceback
import urllib.error
import urllib.request

URL = os.environ["JOBE_URL"]
KEY = os.environ["JOBE_KEY"]
BROKEN_URL = os.environ["JOBE_BROKEN_URL"]
BROKEN_TOOLS = os.environ["JOBE_BROKEN_TOOLS"]


class JobeClient:
    """What jobesandbox.php does, in Python."""

    def __init__(self, server, key=None, prefix="/jobe/index.php/restapi"):
        self.base = server + prefix
        self.key = key
        self.puts = 0
        self.posts = 0

    def request(self, method, resource, body=None):
        """(HTTP status, decoded JSON body or None)."""
        headers = {
            "User-Agent": "CodeRunner",
            "Content-Type": "application/json; charset=utf-8",
            "Accept": "application/json",
        }
        if self.key is not None:
            headers["X-API-KEY"] = self.key
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + "/" + resource, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        return status, (json.loads(raw) if raw else None)

    def languages(self):
        return self.request("GET", "languages")

    def put_file(self, contents):
        self.puts += 1
        file_id = hashlib.md5(contents).hexdigest()
        body = {"file_contents": base64.b64encode(contents).decode()}
        return self.request("PUT", "files/" + file_id, body)[0]

    def execute(self, source, stdin="", files=None, params=None):
        """As jobesandbox.php's execute(): a dict with error (HTTP status), result and the rest."""
        files = files or {}
        if stdin and not stdin.endswith("\n"):
            stdin += "\n"
        run_spec = {
            "language_id": "python3",
            "sourcecode": source,
            "sourcefilename": "__tester__.python3",
            "input": stdin,
            "file_list": [[hashlib.md5(c).hexdigest(), name] for name, c in files.items()],
        }
        if params is not None:
            run_spec["parameters"] = params
        status, response = self.submit(run_spec)
        if status == 404:
            for contents in files.values():
                status = self.put_file(contents)
                if status != 204:
                    break
            if status == 204:
                status, response = self.submit(run_spec)
        if status != 200 or not isinstance(response, dict) or "outcome" not in response:
            return {"error": status, "stderr": response}
        result = dict(response)
        result["error"] = 200
        result["raw_outcome"] = response["outcome"]
        if response["outcome"] != 21 and response["stderr"].strip():
            result["outcome"] = 12  # CodeRunner: any stderr is a runtime error.
        return result

    def submit(self, run_spec):
        self.posts += 1
        return self.request("POST", "runs", {"run_spec": run_spec})


def client():
    return JobeClient(URL, KEY)


def expect(condition, what):
    if not condition:
        raise AssertionError(what)


# ---- the tests ------------------------------------------------------------------------------


def test_languages_are_python3_only():
    status, languages = client().languages()
    expect(status == 200, status)
    expect(len(languages) == 1 and languages[0][0] == "python3", languages)
    expect(languages[0][1].startswith("3."), languages)


def test_hello_world_in_utf8():
    result = client().execute('print("naïve ✓")\n')
    expect(result["outcome"] == 15, result)
    expect(result["stdout"] == "naïve ✓\n", result)
    expect(result["stderr"] == "" and result["cmpinfo"] == "", result)
    expect(isinstance(result["run_id"], str) and result["run_id"], result)


def test_stdin_and_runargs():
    source = "import sys\nprint(sys.argv[1:], input()[::-1], sys.stdin.read().split())\n"
    result = client().execute(source, stdin="olleh\na b", params={"runargs": ["x y", "$(touch z)"]})
    expect(result["outcome"] == 15, result)
    expect(result["stdout"] == "['x y', '$(touch z)'] hello ['a', 'b']\n", result)


def test_interpreterargs_are_argv_items():
    result = client().execute("import sys\nprint(sys.flags.optimize)\nassert False\n", params={"interpreterargs": ["-O"]})
    expect(result["outcome"] == 15, result)
    expect(result["stdout"] == "1\n", result)


def test_compile_error_is_11():
    result = client().execute("def f(:\n    pass\n")
    expect(result["outcome"] == 11, result)
    expect("SyntaxError" in result["cmpinfo"] and "__tester__.python3" in result["cmpinfo"], result)
    expect(result["stdout"] == "" and result["stderr"] == "", result)


def test_runtime_error_is_12():
    result = client().execute("print('before')\nraise ValueError('boom')\n")
    expect(result["raw_outcome"] == 12, result)
    expect(result["stdout"] == "before\n", result)
    expect("ValueError: boom" in result["stderr"] and "__tester__.python3" in result["stderr"], result)


def test_time_limit_is_13():
    result = client().execute("while True:\n    pass\n", params={"cputime": 1})
    expect(result["raw_outcome"] == 13 and result["outcome"] == 13, result)


def test_memory_limit_is_17():
    source = "chunks = []\nwhile True:\n    chunks.append(bytearray(16 * 1024 * 1024))\n"
    result = client().execute(source, params={"memorylimit": 64})
    expect(result["raw_outcome"] == 17 and result["outcome"] == 17, result)


def test_illegal_system_call_is_19():
    result = client().execute("import socket\nsocket.socket(socket.AF_INET6, socket.SOCK_STREAM)\n")
    expect(result["raw_outcome"] == 19, result)


def test_internal_error_is_20():
    # The broken server's tools folder is gone: the box cannot be built, and the run is refused.
    shutil.rmtree(BROKEN_TOOLS)
    result = JobeClient(BROKEN_URL).execute("print(1)\n")
    expect(result["raw_outcome"] == 20, result)
    expect("/" not in result["stderr"], "no host path reaches the client: %r" % result)


def test_overload_is_21_with_http_200():
    # One run slot and no wait: while a slow run holds it, another run is answered 21.
    slow = {}

    def hold_the_slot():
        # The first tiny run below may take the slot first: then this one is the 21, and tries again.
        for _ in range(100):
            slow.update(client().execute("import time\ntime.sleep(4)\nprint('slept')\n"))
            if slow.get("raw_outcome") != 21:
                return

    thread = threading.Thread(target=hold_the_slot)
    thread.start()
    seen = []
    try:
        while thread.is_alive():
            status, response = client().submit({"language_id": "python3", "sourcecode": "print(1)\n"})
            seen.append((status, response["outcome"]))
            if response["outcome"] == 21:
                break
    finally:
        thread.join()
    expect(seen and seen[-1] == (200, 21), seen)
    expect(slow["outcome"] == 15 and slow["stdout"] == "slept\n", slow)


def test_files_are_uploaded_on_404_and_the_run_retried():
    c = client()
    data = ("line one\nnaïve ✓ %s\n" % os.urandom(8).hex()).encode()
    source = "print(open('data.txt', encoding='utf-8').read().split()[2])\nprint(open('more.csv').read())\n"
    result = c.execute(source, files={"data.txt": data, "more.csv": b"a,b\n"})
    expect(result["outcome"] == 15, result)
    expect(result["stdout"] == "naïve\na,b\n\n", result)
    expect((c.posts, c.puts) == (2, 2), (c.posts, c.puts))
    again = client()
    result = again.execute(source, files={"data.txt": data, "more.csv": b"a,b\n"})
    expect(result["outcome"] == 15 and (again.posts, again.puts) == (1, 0), (again.posts, again.puts))


def test_head_says_whether_a_file_is_kept():
    c = client()
    contents = os.urandom(32)
    file_id = hashlib.md5(contents).hexdigest()
    expect(c.request("HEAD", "files/" + file_id)[0] == 404, "unknown file")
    expect(c.put_file(contents) == 204, "put")
    expect(c.request("HEAD", "files/" + file_id)[0] == 204, "kept file")


def test_file_ids_and_names_cannot_be_paths():
    c = client()
    status, message = c.request("PUT", "files/..%2F..%2Fetc%2Fpasswd", {"file_contents": "eA=="})
    expect(status == 400, (status, message))
    status, message = c.submit({"language_id": "python3", "sourcecode": "",
                                "file_list": [["0123456789abcdef", "../../etc/passwd"]]})
    expect(status == 400 and message.startswith("Invalid file specifier"), (status, message))
    status, message = c.request("PUT", "files/0123456789abcdef", {"file_contents": "not base64!"})
    expect(status == 400 and "base-64" in message, (status, message))


def test_a_child_process_runs_pylint_and_python():
    source = (
        "import subprocess, sys\n"
        "open('answer.py', 'w').write('def f(x):\\n    return x + 1\\n')\n"
        "lint = subprocess.run(['python3', '-m', 'pylint', '--persistent=n', 'answer.py'], capture_output=True, text=True)\n"
        "print('missing-module-docstring' in lint.stdout, lint.returncode)\n"
        "child = subprocess.run([sys.executable, '-c', 'print(6 * 7)'], capture_output=True, text=True)\n"
        "print(child.stdout.strip())\n"
    )
    result = client().execute(source, params={"cputime": 20})
    expect(result["outcome"] == 15, result)
    lines = result["stdout"].split("\n")
    expect(lines[0].startswith("True ") and lines[1] == "42", result)


def test_output_is_cut_at_streamsize():
    result = client().execute("import sys\nsys.stdout.write('x' * (3 * 1024 * 1024))\n", params={"streamsize": 1})
    expect(result["raw_outcome"] in (12, 15), result)
    expect(0 < len(result["stdout"]) <= 1024 * 1024, len(result["stdout"]))


def test_bad_requests_are_400_with_a_plain_message():
    c = client()
    status, message = c.request("POST", "runs", {"no": "run_spec"})
    expect((status, message) == (400, "No run_spec attribute found in post data"), (status, message))
    status, message = c.submit({"language_id": "python3"})
    expect((status, message) == (400, "run_spec is missing the required attribute 'sourcecode'"), (status, message))
    status, message = c.submit({"language_id": "c", "sourcecode": "int main;"})
    expect((status, message) == (400, "Language 'c' is not known"), (status, message))
    status, message = c.submit({"language_id": "python3", "sourcecode": "", "parameters": {"cputime": 1000}})
    expect(status == 400 and message.startswith("cputime exceeds maximum allowed"), (status, message))
    request = urllib.request.Request(URL + "/restapi/runs", data=b"{not json", headers={"X-API-KEY": KEY}, method="POST")
    try:
        urllib.request.urlopen(request, timeout=30)
        expect(False, "malformed JSON was accepted")
    except urllib.error.HTTPError as error:
        expect((error.code, json.loads(error.read())) == (400, "Non-JSON post data received"), error.code)


def test_the_api_key_is_required_and_checked():
    for key in (None, "wrong-key-0123456789"):
        status, message = JobeClient(URL, key).languages()
        expect(status == 403 and "API key" in message, (key, status, message))
        result = JobeClient(URL, key).execute("print(1)\n")
        expect(result["error"] == 403, result)
    expect(client().languages()[0] == 200, "the right key")


def test_the_short_prefix_answers_too():
    status, languages = JobeClient(URL, KEY, prefix="/restapi").languages()
    expect(status == 200 and languages[0][0] == "python3", (status, languages))


def main():
    tests = [(name, f) for name, f in globals().items() if name.startswith("test_") and callable(f)]
    failed = 0
    for name, test in tests:
        try:
            test()
            print("ok      %s" % name, flush=True)
        except Exception:
            failed += 1
            print("FAILED  %s\n%s" % (name, traceback.format_exc()), flush=True)
    print("%d passed, %d failed" % (len(tests) - failed, failed), flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
