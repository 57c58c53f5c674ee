#!/usr/bin/env python3
"""Checks the PostgreSQL-dialect SQL problems against a real PostgreSQL, before the judge can.

    export VERDICT_TEST_DATABASE_URL=$(cat /tmp/pg-x/url)   # scripts/pg-cluster.sh start /tmp/pg-x
    python3 scripts/check-pg-problems.py [problems/] [--only SLUG]...

For every problem whose problem.toml has `dialect = "postgres"` in `[sql]`: a scratch database
gets schema.sql; each dataset is loaded (values as PostgreSQL text input, as the package format
says) three times, with its rows in the file's order, reversed and shuffled; every accepted and
wrong_answer submission runs on every load inside a transaction that is rolled back; results
become JSON by the column's type (numbers, bool, json, NULL, everything else PostgreSQL's text
output under DateStyle 'ISO, YMD', TimeZone 'UTC', IntervalStyle 'postgres'). It requires:

- the sample tests' expected values equal the reference's result; hidden tests take the
  reference's result as expected;
- every accepted submission passes every test on every load; every wrong answer fails at least
  one (a wrong answer that errors is reported: the judge would call that RE, not WA);
- an ordered problem's reference gives the same row order on every load (the order is fixed by
  its ORDER BY, not by chance) and has a top-level ORDER BY; a submission without one fails;
- a modifying problem is compared by every table of the schema afterwards, as multisets;
- the package's shape: a twin names an existing SQLite sql problem, at least 5 hidden tests,
  every dataset used once, the statement says PostgreSQL 15, starter.sql runs on the schema.

With --flaky, each wrong answer must fail some test on all three loads, so that its failure does
not hang on the rows' physical order.

Python 3.11 standard library and the `psql` client only; no driver.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

SEP = "\x1f"
NUMERIC_TYPES = ("smallint", "integer", "bigint", "real", "double precision", "numeric")
PGOPTIONS = "-c DateStyle=ISO,YMD -c TimeZone=UTC -c IntervalStyle=postgres -c statement_timeout=10000"


# With --flaky, wrong answers run on every load, and one that does not fail on every load of
# some test is reported: its failure would depend on the rows' physical order.
FLAKY_CHECK = False


class SqlError(Exception):
    pass


def url_with_db(url: str, db: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + db, parts.query, parts.fragment))


def psql(url: str, script: str) -> str:
    env = dict(os.environ, PGOPTIONS=PGOPTIONS)
    done = subprocess.run(
        ["psql", "-X", "-A", "-t", "-q", "-F", SEP, "-v", "ON_ERROR_STOP=1", "-d", url],
        input=script,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    if done.returncode != 0:
        raise SqlError(done.stderr.strip())
    return done.stdout


def quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def strip_statement(sql: str) -> str:
    """The statement without trailing blanks and semicolons (comments stay: a newline follows)."""
    text = sql.strip()
    while text.endswith(";"):
        text = text[:-1].rstrip()
    return text


def tokens_outside_literals(sql: str) -> str:
    """The statement with comments and string literals blanked, for finding keywords."""
    out = []
    i = 0
    while i < len(sql):
        c = sql[i]
        if sql.startswith("--", i):
            j = sql.find("\n", i)
            i = len(sql) if j < 0 else j
        elif sql.startswith("/*", i):
            j = sql.find("*/", i + 2)
            i = len(sql) if j < 0 else j + 2
            out.append(" ")
        elif c in "'\"":
            j = i + 1
            while j < len(sql):
                if sql[j] == c:
                    if j + 1 < len(sql) and sql[j + 1] == c:
                        j += 2
                        continue
                    break
                j += 1
            out.append(" x ")
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def has_top_level_order_by(sql: str) -> bool:
    text = tokens_outside_literals(sql)
    depth = 0
    flat = []
    for c in text:
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        flat.append(c if depth == 0 else " ")
    return re.search(r"\border\s+by\b", "".join(flat), re.IGNORECASE) is not None


def to_json_cell(type_name: str, raw):
    if raw is None:
        return None
    base = type_name.split("(")[0].strip()
    if base in NUMERIC_TYPES:
        if base in ("smallint", "integer", "bigint"):
            return int(raw)
        value = float(raw)
        if value.is_integer() and base == "numeric" and "." not in raw:
            return int(raw)
        return value
    if base == "boolean":
        return raw == "t"
    if base in ("json", "jsonb"):
        return json.loads(raw)
    return raw


def fetch(url: str, setup: str, query: str, teardown: str = "ROLLBACK;") -> dict:
    """Runs `query` (a SELECT) after `setup` in one transaction; its columns and JSON rows."""
    body = strip_statement(query)
    desc = psql(url, f"BEGIN;\n{setup}\n{body}\n\\gdesc\nROLLBACK;\n")
    columns = []
    for line in desc.splitlines():
        if not line:
            continue
        name, type_name = line.split(SEP)
        columns.append((name, type_name))
    aliases = ", ".join(f"c{i}" for i in range(len(columns)))
    cells = ", ".join(f"q.c{i}::text" for i in range(len(columns)))
    wrapped = (
        f"SELECT coalesce(json_agg(json_build_array({cells})), '[]') FROM (\n{body}\n) AS q({aliases});"
    )
    out = psql(url, f"BEGIN;\n{setup}\n{wrapped}\n{teardown}\n")
    raw_rows = json.loads(out.strip().splitlines()[-1])
    rows = [[to_json_cell(t, v) for (_, t), v in zip(columns, r)] for r in raw_rows]
    return {"columns": [c for c, _ in columns], "rows": rows}


def dump_tables(url: str, setup: str, statement: str, tables: list[str]) -> dict:
    """Runs a data-changing statement, then reads every table; rolled back."""
    result = {}
    body = strip_statement(statement)
    for table in tables:
        result[table] = fetch(url, f"{setup}\n{body}\n;", f"SELECT * FROM {table}")
    return result


def cells_equal(e, a, tol: float) -> bool:
    if isinstance(e, bool) or isinstance(a, bool):
        return e == a
    if isinstance(e, (int, float)) and isinstance(a, (int, float)):
        if isinstance(e, int) and isinstance(a, int):
            return e == a
        return e == a or abs(e - a) <= tol or abs(e - a) <= tol * max(abs(e), abs(a))
    return e == a


def rows_equal(e, a, tol) -> bool:
    return len(e) == len(a) and all(cells_equal(x, y, tol) for x, y in zip(e, a))


def sort_key(row):
    def key(v):
        if v is None:
            return (0, 0, "")
        if isinstance(v, (int, float)):
            return (1, float(v), "")
        if isinstance(v, str):
            return (2, 0, v)
        return (3, 0, json.dumps(v, sort_keys=True))

    return [key(v) for v in row]


def compare(expected: dict, actual: dict, ordered: bool, tol: float) -> str | None:
    if len(expected["columns"]) != len(actual["columns"]):
        return f"{len(actual['columns'])} columns where {len(expected['columns'])} expected"
    want = sorted(expected["rows"], key=sort_key)
    got = sorted(actual["rows"], key=sort_key)
    used = [False] * len(got)
    missing = []
    for row in want:
        for i, other in enumerate(got):
            if not used[i] and rows_equal(row, other, tol):
                used[i] = True
                break
        else:
            missing.append(row)
    extra = [r for r, u in zip(got, used) if not u]
    if missing or extra:
        return f"rows differ: missing {missing[:3]} extra {extra[:3]}"
    if ordered:
        for i, (e, a) in enumerate(zip(expected["rows"], actual["rows"])):
            if not rows_equal(e, a, tol):
                return f"order differs at row {i + 1}: expected {e}, got {a}"
    return None


def compare_tables(expected: dict, actual: dict, tol: float) -> str | None:
    if sorted(expected) != sorted(actual):
        return f"tables {sorted(actual)} where {sorted(expected)} expected"
    for name in expected:
        if [c.lower() for c in expected[name]["columns"]] != [c.lower() for c in actual[name]["columns"]]:
            return f"table {name}: columns {actual[name]['columns']} where {expected[name]['columns']} expected"
        why = compare(expected[name], actual[name], False, tol)
        if why:
            return f"table {name}: {why}"
    return None


def literal(value, column_type: str) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "'true'" if value else "'false'"
    if isinstance(value, (int, float)):
        return quote(json.dumps(value))
    if isinstance(value, str):
        return quote(value)
    if column_type == "ARRAY":
        items = []
        for item in value:
            if item is None:
                items.append("NULL")
            else:
                items.append('"' + str(item).replace("\\", "\\\\").replace('"', '\\"') + '"')
        return quote("{" + ",".join(items) + "}")
    return quote(json.dumps(value))


class Problem:
    def __init__(self, root: Path):
        self.root = root
        self.slug = root.name
        self.toml = tomllib.loads((root / "problem.toml").read_text())
        self.sql = self.toml.get("sql", {})
        self.ordered = bool(self.sql.get("ordered", False))
        self.modifies = bool(self.sql.get("modifies", False))
        self.tol = float(self.sql.get("tolerance", 1e-9))
        self.errors: list[str] = []
        self.notes: list[str] = []

    def error(self, text: str) -> None:
        self.errors.append(f"{self.slug}: {text}")


def load_script(dataset: dict, types: dict[str, dict[str, str]], order: str, seed: int) -> str:
    lines = []
    tables = list(types)
    # as the judge does, a dataset loads with foreign keys off (its rows come in any order)
    lines.append("SET session_replication_role = replica;")
    lines.append("TRUNCATE " + ", ".join(tables) + " CASCADE;" if tables else "")
    for table, content in dataset.items():
        rows = list(content["rows"])
        if order == "reversed":
            rows.reverse()
        elif order == "shuffled":
            random.Random(seed).shuffle(rows)
        cols = content["columns"]
        for row in rows:
            values = ", ".join(literal(v, types[table].get(c, "")) for c, v in zip(cols, row))
            lines.append(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({values});")
    return "\n".join(lines)


def check_problem(problem: Problem, admin_url: str, problems_dir: Path) -> dict:
    root = problem.root
    counts = {"tests": 0, "runs": 0, "accepted": 0, "wrong": 0}
    twin = problem.sql.get("twin")
    if twin is not None:
        twin_toml = problems_dir / twin / "problem.toml"
        if not twin_toml.exists():
            problem.error(f"twin {twin} does not exist")
        else:
            other = tomllib.loads(twin_toml.read_text())
            if other.get("kind") != "sql" or other.get("sql", {}).get("dialect", "sqlite") != "sqlite":
                problem.error(f"twin {twin} is not an SQLite sql problem")
        if problem.slug != f"{twin}-pg":
            problem.error(f"a twin's slug is {twin}-pg")
    if "PostgreSQL 15" not in (root / "statement.md").read_text():
        problem.error("statement.md does not say PostgreSQL 15")
    for needed in ("starter.sql", "schema.sql", "submissions/accepted/reference.sql"):
        if not (root / needed).exists():
            problem.error(f"{needed} is missing")
    sample = json.loads((root / "tests/sample.json").read_text())
    hidden = json.loads((root / "tests/hidden.json").read_text())
    if len(hidden) < 5:
        problem.error(f"only {len(hidden)} hidden tests (at least 5)")
    tests = [(t, True) for t in sample] + [(t, False) for t in hidden]
    datasets = {p.stem: json.loads(p.read_text()) for p in sorted((root / "datasets").glob("*.json"))}
    used = [t["dataset"] for t, _ in tests]
    for name in datasets:
        if used.count(name) != 1:
            problem.error(f"dataset {name} is used by {used.count(name)} tests (exactly 1)")
    for name in used:
        if name not in datasets:
            problem.error(f"a test names dataset {name}, which does not exist")
    for t, is_sample in tests:
        if is_sample and "expected" not in t:
            problem.error(f"sample test {t.get('name')} has no expected")
    accepted = sorted((root / "submissions/accepted").glob("*.sql"))
    wrong = sorted((root / "submissions/wrong_answer").glob("*.sql"))
    if not wrong:
        problem.error("no wrong answer")
    counts["accepted"], counts["wrong"] = len(accepted), len(wrong)
    subs = {p: p.read_text() for p in accepted + wrong}
    if problem.ordered:
        for p in accepted:
            if not has_top_level_order_by(subs[p]):
                problem.error(f"{p.name}: accepted but has no top-level ORDER BY")
        if not any(not has_top_level_order_by(subs[p]) for p in wrong):
            problem.notes.append("no wrong answer without a top-level ORDER BY")

    db = "vpgcheck_" + re.sub(r"[^a-z0-9]", "_", problem.slug)
    psql(admin_url, f"DROP DATABASE IF EXISTS {db};\nCREATE DATABASE {db};\n")
    url = url_with_db(admin_url, db)
    try:
        psql(url, (root / "schema.sql").read_text())
        try:
            # the starter need not be right, but it must be PostgreSQL the candidate can run
            psql(url, "BEGIN;\n" + (root / "starter.sql").read_text() + "\nROLLBACK;\n")
        except SqlError as e:
            problem.error(f"starter.sql does not run on the empty schema: {e}")
        type_rows = psql(
            url,
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'public' ORDER BY table_name, ordinal_position;",
        )
        types: dict[str, dict[str, str]] = {}
        for line in type_rows.splitlines():
            if line:
                table, column, data_type = line.split(SEP)
                types.setdefault(table, {})[column] = data_type
        tables = sorted(types)
        failed_somewhere = {p: [] for p in wrong}
        reference = root / "submissions/accepted/reference.sql"
        for t, is_sample in tests:
            name = t["dataset"]
            if name not in datasets:
                continue
            counts["tests"] += 1
            expected = t.get("expected")
            for order_index, order in enumerate(("given", "reversed", "shuffled")):
                load = load_script(datasets[name], types, order, seed=len(name) * 7919 + order_index)
                try:
                    psql(url, load)
                except SqlError as e:
                    problem.error(f"dataset {name} does not load ({order}): {e}")
                    break

                def run(path: Path):
                    counts["runs"] += 1
                    if problem.modifies:
                        return dump_tables(url, "", subs[path], tables)
                    return fetch(url, "", subs[path])

                try:
                    ref = run(reference)
                except SqlError as e:
                    problem.error(f"reference fails on {name} ({order}): {e}")
                    break
                if expected is None:
                    expected = ref
                    t["_computed"] = ref
                for path in accepted + wrong:
                    is_accepted = path in accepted
                    if not is_accepted and failed_somewhere[path] and not FLAKY_CHECK:
                        continue  # one failure is all a wrong answer needs
                    try:
                        got = run(path) if path != reference else ref
                    except SqlError as e:
                        if is_accepted:
                            problem.error(f"{path.name} fails on {name} ({order}): {e}")
                        else:
                            # the judge would call that a runtime error, not a wrong answer
                            problem.error(f"wrong answer {path.name} errors on {name} ({order}): {e}")
                        continue
                    if problem.modifies:
                        why = compare_tables(expected, got, problem.tol)
                    else:
                        why = compare(expected, got, problem.ordered, problem.tol)
                        if why is None and problem.ordered and not has_top_level_order_by(subs[path]):
                            why = "no top-level ORDER BY"
                    if why:
                        if is_accepted and path == reference and order != "given" and t.get("expected") is not expected:
                            problem.error(
                                f"the reference's rows on {name} change with the rows' physical order ({order}): "
                                f"its ORDER BY leaves ties open: {why}"
                            )
                        elif is_accepted:
                            label = "sample expected" if is_sample and t.get("expected") is expected else "reference"
                            problem.error(f"{path.name} differs from the {label} on {name} ({order}): {why}")
                        else:
                            failed_somewhere[path].append(f"{name} ({order}): {why}")
        for path, fails in failed_somewhere.items():
            if not fails:
                problem.error(f"wrong answer {path.name} passes every test")
            else:
                problem.notes.append(f"{path.name}: fails {len(fails)} runs, first: {fails[0][:200]}")
                if FLAKY_CHECK:
                    by_test: dict[str, int] = {}
                    for f in fails:
                        by_test[f.split(" (")[0]] = by_test.get(f.split(" (")[0], 0) + 1
                    if max(by_test.values()) < 3:
                        problem.error(f"wrong answer {path.name} fails no test on every load: {by_test}")
    finally:
        psql(admin_url, f"DROP DATABASE IF EXISTS {db};\n")
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", nargs="?", default="problems")
    parser.add_argument("--only", action="append", default=[])
    parser.add_argument("--verbose", "-v", action="store_true")
    parser.add_argument("--flaky", action="store_true", help="require each wrong answer to fail some test on every load")
    args = parser.parse_args()
    global FLAKY_CHECK
    FLAKY_CHECK = args.flaky
    admin_url = os.environ.get("VERDICT_TEST_DATABASE_URL")
    if not admin_url:
        print("VERDICT_TEST_DATABASE_URL is not set: start a cluster with scripts/pg-cluster.sh", file=sys.stderr)
        return 2
    problems_dir = Path(args.dir)
    total = {"problems": 0, "tests": 0, "runs": 0, "accepted": 0, "wrong": 0}
    errors: list[str] = []
    for root in sorted(p for p in problems_dir.iterdir() if (p / "problem.toml").exists()):
        if args.only and root.name not in args.only:
            continue
        problem = Problem(root)
        if problem.toml.get("kind") != "sql" or problem.sql.get("dialect") != "postgres":
            continue
        try:
            counts = check_problem(problem, admin_url, problems_dir)
        except (SqlError, KeyError, ValueError) as e:
            problem.error(f"could not be checked: {e}")
            counts = {}
        total["problems"] += 1
        for k, v in counts.items():
            total[k] += v
        status = "ok" if not problem.errors else "FAIL"
        print(
            f"{status:4} {problem.slug}: {counts.get('tests', 0)} tests, {counts.get('accepted', 0)} accepted, "
            f"{counts.get('wrong', 0)} wrong answers, {counts.get('runs', 0)} runs"
        )
        for e in problem.errors:
            print("   ", e)
        if args.verbose:
            for n in problem.notes:
                print("    note:", n)
        errors += problem.errors
    print(
        f"{total['problems']} problems, {total['tests']} tests, {total['accepted']} accepted and "
        f"{total['wrong']} wrong-answer submissions, {total['runs']} runs, {len(errors)} errors"
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
