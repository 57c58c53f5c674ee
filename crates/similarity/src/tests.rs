use super::*;

const TWO_SUM: &str = "\
import sys

def two_sum(nums, target):
    seen = {}
    for index, value in enumerate(nums):
        need = target - value
        if need in seen:
            return [seen[need], index]
        seen[value] = index
    return []

def main():
    data = sys.stdin.read().split()
    count = int(data[0])
    nums = [int(x) for x in data[1:count + 1]]
    target = int(data[count + 1])
    print(*two_sum(nums, target))

main()
";

/// TWO_SUM with every variable renamed, other comments and blank lines.
const TWO_SUM_RENAMED: &str = "\
# my solution
import sys


def find_pair(arr, goal):  # hash map
    lookup = {}
    for i, v in enumerate(arr):
        rest = goal - v

        if rest in lookup:
            return [lookup[rest], i]   # found it
        lookup[v] = i
    return []
def run():
    tokens = sys.stdin.read().split()
    n = int(tokens[0])
    arr = [int(t) for t in tokens[1:n + 1]]
    goal = int(tokens[n + 1])
    print(*find_pair(arr, goal))
run()
";

const PI_LOOP: &str = "\
def approx_pi(terms):
    total = 0.0
    sign = 1.0
    for i in range(terms):
        total += sign / (2 * i + 1)
        sign = -sign
    return 4 * total

n = int(input())
print(approx_pi(n))
";

const PI_SUM: &str = "\
import math

def leibniz(n):
    return 4 * sum((-1) ** k / (2 * k + 1) for k in range(n))

def check(value):
    if abs(value - math.pi) < 1e-3:
        return 'close'
    return 'far'

count = int(input().strip())
result = leibniz(count)
print(f\"{result:.6f}\", check(result))
";

const FIB_ITER: &str = "\
def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a

values = [fib(i) for i in range(int(input()))]
print(' '.join(map(str, values)))
";

const FIB_REC: &str = "\
from functools import lru_cache

@lru_cache(maxsize=None)
def fibonacci(k):
    if k < 2:
        return k
    return fibonacci(k - 1) + fibonacci(k - 2)

limit = int(input())
out = []
while len(out) < limit:
    out.append(str(fibonacci(len(out))))
print(' '.join(out))
";

const STARTER: &str = "\
import sys

def solve(nums: list[int], target: int) -> list[int]:
    \"\"\"Return the indices of the two numbers adding up to target.\"\"\"
    # write your code here
    pass

if __name__ == '__main__':
    data = sys.stdin.read().split()
    count = int(data[0])
    nums = [int(x) for x in data[1:count + 1]]
    print(*solve(nums, int(data[count + 1])))
";

fn kinds(src: &str) -> Vec<String> {
    tokenize(src).into_iter().map(|t| t.kind).collect()
}

#[test]
fn identical_code_matches_fully_with_one_region_over_the_body() {
    let s = compare(TWO_SUM, TWO_SUM, &[], Params::default());
    assert_eq!(s.share, 1.0);
    assert_eq!(s.regions.len(), 1, "{:?}", s.regions);
    let r = &s.regions[0];
    assert_eq!(r.a_lines, r.b_lines);
    assert!(r.a_lines.0 <= 3 && r.a_lines.1 >= 17, "{r:?}"); // both functions, up to the print
}

#[test]
fn renamed_variables_comments_and_blank_lines_do_not_hide_copying() {
    let s = compare(TWO_SUM, TWO_SUM_RENAMED, &[], Params::default());
    assert_eq!(s.share, 1.0);
    assert!(!s.regions.is_empty());
}

#[test]
fn unrelated_solutions_to_the_same_problem_score_low() {
    for (a, b) in [(PI_LOOP, PI_SUM), (FIB_ITER, FIB_REC)] {
        let s = compare(a, b, &[], Params::default());
        assert!(s.share < 0.3, "share {} for\n{a}\nvs\n{b}", s.share);
    }
}

#[test]
fn copied_function_plus_extra_function_is_partial_and_located() {
    // a: PI_LOOP's function (lines 1-7) followed by an unrelated function.
    let a = format!("{}\ndef shout(words):\n    return ' '.join(w.upper() + '!' for w in words if w)\n", PI_LOOP);
    // b: a different function first (lines 1-4), then the copied one, renamed (lines 5-11).
    let b = "\
def parse():
    raw = input().split()
    return [float(x) for x in raw]

def my_pi(count):
    acc = 0.0
    s = 1.0
    for j in range(count):
        acc += s / (2 * j + 1)
        s = -s
    return 4 * acc
";
    let s = compare(&a, b, &[], Params::default());
    assert!(s.share > 0.3 && s.share < 1.0, "share {}", s.share);
    assert!(!s.regions.is_empty());
    for r in &s.regions {
        assert!(r.a_lines.0 >= 1 && r.a_lines.1 <= 7, "{r:?}");
        assert!(r.b_lines.0 >= 5 && r.b_lines.1 <= 11, "{r:?}");
    }
}

#[test]
fn untouched_starter_on_both_sides_scores_zero_with_boilerplate() {
    assert_eq!(compare(STARTER, STARTER, &[], Params::default()).share, 1.0);
    let s = compare(STARTER, STARTER, &[STARTER], Params::default());
    assert_eq!(s.share, 0.0);
    assert!(s.regions.is_empty());
    // Filling in the starter the same way is still seen.
    let filled = STARTER
        .replace("    pass\n", &TWO_SUM[TWO_SUM.find("    seen").unwrap_or(0)..TWO_SUM.find("def main").unwrap_or(0)]);
    // (The filled-in body alone is under MIN_FINGERPRINTS: this test is about the starter.)
    let any_size = Params { min_fingerprints: 1, ..Params::default() };
    assert!(compare(&filled, &filled, &[STARTER], any_size).share > 0.9);
}

#[test]
fn short_programs_have_no_fingerprints() {
    let s = compare("x = 1\n", "x = 1\n", &[], Params::default());
    assert_eq!(s, Similarity { share: 0.0, regions: vec![], fingerprints: (0, 0) });
    assert_eq!(compare("", "", &[], Params { k: 0, window: 0, min_fingerprints: 0 }).share, 0.0);
}

#[test]
fn tokenizer_strings_with_prefixes_become_one_token() {
    assert_eq!(kinds("x = rb'a\\'b' + F\"{y}\" + Ur'z' + bR\"q\""), ["V", "=", "S", "+", "S", "+", "S", "+", "S"]);
    // An identifier that merely looks like a prefix is still a name.
    assert_eq!(kinds("rb + fr"), ["V", "+", "V"]);
}

#[test]
fn tokenizer_triple_quotes_keep_later_line_numbers_right() {
    let src = "def f():\n    \"\"\"Doc\n    over 'three'\n    lines\"\"\"\n    return '''a\nb''' # c\nz = 1\n";
    let toks = tokenize(src);
    let got: Vec<(&str, u32)> = toks.iter().map(|t| (t.kind.as_str(), t.line)).collect();
    assert_eq!(
        got,
        [
            ("def", 1),
            ("V", 1),
            ("(", 1),
            (")", 1),
            (":", 1),
            ("S", 2),
            ("return", 5),
            ("S", 5),
            ("V", 7),
            ("=", 7),
            ("N", 7)
        ]
    );
}

#[test]
fn tokenizer_drops_comments_and_keeps_keywords_builtins_and_operators() {
    assert_eq!(kinds("# only a comment\n"), Vec::<String>::new());
    assert_eq!(
        kinds("for i in range(len(xs)):  # loop\n    total += xs[i] ** 2 // 3 != 4.5e-3 -> y := 0x1F"),
        [
            "for", "V", "in", "range", "(", "len", "(", "V", ")", ")", ":", "V", "+=", "V", "[", "V", "]", "**", "N",
            "//", "N", "!=", "N", "->", "V", ":=", "N"
        ]
    );
    assert_eq!(kinds("a<=b>=c==d **= e ... f"), ["V", "<=", "V", ">=", "V", "==", "V", "**=", "V", "...", "V"]);
}

#[test]
fn tokenizer_never_panics_on_odd_input() {
    for src in
        ["'unterminated", "\"\"\"never closed\n\n", "x = '\\", "r'", "\0\0#\0", "é = ñ + 漢字 🦀 '\u{1F980}", "\\\n"]
    {
        let _ = tokenize(src);
        let _ = compare(src, src, &[src], Params::default());
    }
    // An unterminated single-quoted string ends at its line; the next line is tokenized normally.
    let toks = tokenize("s = 'oops\nt = 2\n");
    assert_eq!(toks.last(), Some(&Token { kind: "N".to_string(), line: 2 }));
}

#[test]
fn compare_is_deterministic_and_share_is_symmetric() {
    let a = format!("{PI_LOOP}\n{FIB_ITER}");
    let b = format!("{FIB_REC}\n{PI_LOOP}");
    let p = Params::default();
    assert_eq!(compare(&a, &b, &[], p), compare(&a, &b, &[], p));
    let (ab, ba) = (compare(&a, &b, &[], p), compare(&b, &a, &[], p));
    assert_eq!(ab.share, ba.share);
    assert!(ab.share > 0.0);
}

/// A five-line canonical answer: the one obvious way to write it.
const REVERSE_WORDS: &str = "\
def reverse_words(text):
    words = text.split()
    words.reverse()
    return ' '.join(words)
";

#[test]
fn a_short_canonical_answer_is_too_small_to_be_a_pair() {
    let s = compare(REVERSE_WORDS, REVERSE_WORDS, &[], Params::default());
    assert_eq!(s.share, 0.0, "two copies of a five-line answer are not a 100% pair");
    assert!(s.regions.is_empty());
    assert!(s.too_small(Params::default()));
    assert!(s.fingerprints.0 > 0 && s.fingerprints.0 < MIN_FINGERPRINTS, "{:?}", s.fingerprints);
    // Without the floor the same pair would read as identical: the rule is what hides it.
    let no_floor = Params { min_fingerprints: 1, ..Params::default() };
    assert_eq!(compare(REVERSE_WORDS, REVERSE_WORDS, &[], no_floor).share, 1.0);
    // A full program is well above the floor.
    let full = compare(TWO_SUM, TWO_SUM, &[], Params::default());
    assert!(!full.too_small(Params::default()), "{:?}", full.fingerprints);
}

#[test]
fn code_shared_with_the_reference_solution_does_not_count() {
    // Both candidates handed in the problem's own reference solution, renamed.
    let plain = compare(TWO_SUM, TWO_SUM_RENAMED, &[], Params::default());
    assert_eq!(plain.share, 1.0, "without the reference set aside they look copied");
    let set_aside = compare(TWO_SUM, TWO_SUM_RENAMED, &[STARTER, TWO_SUM], Params::default());
    assert_eq!(set_aside.share, 0.0);
    assert!(set_aside.regions.is_empty());
    assert_eq!(set_aside.fingerprints, (0, 0), "nothing of their own is left");
    // What two candidates share beyond the reference is still seen.
    let extra = "\n\ndef histogram(values):\n    counts = {}\n    for value in values:\n        counts[value] = \
                 counts.get(value, 0) + 1\n    ordered = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))\n    \
                 return [f'{key}: {count}' for key, count in ordered if count > 1]\n";
    let (a, b) = (format!("{TWO_SUM}{extra}"), format!("{TWO_SUM_RENAMED}{extra}"));
    let own = compare(&a, &b, &[STARTER, TWO_SUM], Params { min_fingerprints: 1, ..Params::default() });
    assert_eq!(own.share, 1.0, "{own:?}");
    // The reference's lines (two_sum is lines 3-10) are in no region; k-grams that straddle the
    // join may start a few lines before the extra.
    assert!(
        own.regions.iter().all(|r| r.a_lines.0 > 10 && r.a_lines.1 > 21),
        "only the shared extra is a region: {:?}",
        own.regions
    );
}

#[test]
fn every_shared_text_is_set_aside_not_only_the_first() {
    let only_starter = compare(TWO_SUM, TWO_SUM, &[STARTER], Params::default());
    assert!(only_starter.share > 0.9);
    assert_eq!(compare(TWO_SUM, TWO_SUM, &[STARTER, TWO_SUM], Params::default()).share, 0.0);
    assert_eq!(compare(TWO_SUM, TWO_SUM, &[TWO_SUM, STARTER], Params::default()).share, 0.0);
}
