//! Similarity of two candidates' final Python code, for the report's "worth a human look" list.
//!
//! The code is normalised into tokens (identifiers become `V`, numbers `N`, strings `S`;
//! comments and layout are dropped), k-grams of tokens are hashed, and a winnowed subset of
//! the hashes is kept as the program's fingerprints (Schleimer, Wilkerson, Aiken, "Winnowing:
//! local algorithms for document fingerprinting", the algorithm behind MOSS).
//!
//! This crate only measures overlap between two texts. It never decides anything about a
//! person: a high share is a prompt for a human review, never a verdict. It never runs code;
//! the programs are read as text only.

use std::collections::{BTreeMap, BTreeSet};

/// The fewest fingerprints each program must keep, once code shared with the starter and the
/// reference solutions is set aside, for a pair to be compared at all. Below it, two programs
/// are too small to tell copying from the one obvious way to write them: a five-line canonical
/// answer has about half this many, so two of them are never a "100%" pair.
pub const MIN_FINGERPRINTS: usize = 12;

/// Tunables. Default: k = 12 tokens per k-gram, window = 8, [`MIN_FINGERPRINTS`]. Values of 0
/// for `k` and `window` are treated as 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Params {
    pub k: usize,
    pub window: usize,
    pub min_fingerprints: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params { k: 12, window: 8, min_fingerprints: MIN_FINGERPRINTS }
    }
}

/// One region of `a` that matches one region of `b`, as 1-based inclusive line ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub a_lines: (u32, u32),
    pub b_lines: (u32, u32),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Similarity {
    /// Share (0.0..=1.0) of the smaller fingerprint set that the other also holds:
    /// |A ∩ B| / min(|A|, |B|); 0.0 when either has fewer than `min_fingerprints`.
    pub share: f64,
    /// Matching regions, in order of a's lines, adjacent/overlapping matches merged.
    pub regions: Vec<Region>,
    /// How many fingerprints each program kept once shared code was set aside.
    pub fingerprints: (usize, usize),
}

impl Similarity {
    /// Whether the pair was too small to compare (see [`MIN_FINGERPRINTS`]).
    pub fn too_small(&self, params: Params) -> bool {
        self.fingerprints.0.min(self.fingerprints.1) < params.min_fingerprints.max(1)
    }
}

/// Compares two programs. Fingerprints that also occur in any of `shared` (the problem's
/// starter code, given to everyone, and its own reference solutions, which a candidate may
/// have met anywhere) are ignored on both sides, so two untouched starters, or two copies of
/// the reference, score 0.0. So does a pair of which either side keeps fewer than
/// `params.min_fingerprints` fingerprints (at least one).
///
/// A program with fewer than `k` tokens has no k-grams, hence no fingerprints, and scores 0.0.
/// Regions are built from the winnowed fingerprints, so their edges may fall a few tokens
/// inside the text that truly matches.
pub fn compare(a: &str, b: &str, shared: &[&str], params: Params) -> Similarity {
    let k = params.k.max(1);
    let window = params.window.max(1);
    // Every k-gram of the shared texts, not only their winnowed ones, so that a starter
    // embedded in a longer program (where the windows fall differently) is still recognised.
    let common_code: BTreeSet<u64> =
        shared.iter().flat_map(|text| kgrams(&tokenize(text), k)).map(|(h, _)| h).collect();
    let prints = |src: &str| -> Vec<(u64, (u32, u32))> {
        winnow(&kgrams(&tokenize(src), k), window).into_iter().filter(|(h, _)| !common_code.contains(h)).collect()
    };
    let (fa, fb) = (prints(a), prints(b));
    let set_a: BTreeSet<u64> = fa.iter().map(|(h, _)| *h).collect();
    let mut first_b: BTreeMap<u64, (u32, u32)> = BTreeMap::new();
    for (h, span) in &fb {
        first_b.entry(*h).or_insert(*span);
    }
    let fingerprints = (set_a.len(), first_b.len());
    let smaller = set_a.len().min(first_b.len());
    if smaller < params.min_fingerprints.max(1) {
        return Similarity { share: 0.0, regions: Vec::new(), fingerprints };
    }
    let common = set_a.iter().filter(|h| first_b.contains_key(h)).count();
    let share = common as f64 / smaller as f64;

    let mut pairs: Vec<Region> = fa
        .iter()
        .filter_map(|(h, span)| first_b.get(h).map(|b_span| Region { a_lines: *span, b_lines: *b_span }))
        .collect();
    pairs.sort_by_key(|r| (r.a_lines, r.b_lines));
    Similarity { share, regions: merge(pairs), fingerprints }
}

/// Merges regions whose a-spans and b-spans both overlap or touch, until none do.
fn merge(mut regions: Vec<Region>) -> Vec<Region> {
    let touch = |x: (u32, u32), y: (u32, u32)| x.0 <= y.1.saturating_add(1) && y.0 <= x.1.saturating_add(1);
    loop {
        let before = regions.len();
        let mut out: Vec<Region> = Vec::with_capacity(before);
        for r in regions {
            match out.iter_mut().find(|m| touch(m.a_lines, r.a_lines) && touch(m.b_lines, r.b_lines)) {
                Some(m) => {
                    m.a_lines = (m.a_lines.0.min(r.a_lines.0), m.a_lines.1.max(r.a_lines.1));
                    m.b_lines = (m.b_lines.0.min(r.b_lines.0), m.b_lines.1.max(r.b_lines.1));
                }
                None => out.push(r),
            }
        }
        out.sort_by_key(|r| (r.a_lines, r.b_lines));
        if out.len() == before {
            return out;
        }
        regions = out;
    }
}

/// Hash and line span of every k-gram; empty when there are fewer than `k` tokens.
fn kgrams(tokens: &[Token], k: usize) -> Vec<(u64, (u32, u32))> {
    tokens
        .windows(k.max(1))
        .map(|w| {
            let mut hash: u64 = 0xcbf2_9ce4_8422_2325; // FNV-1a offset basis
            for byte in w.iter().flat_map(|t| t.kind.bytes().chain([0xff])) {
                hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
            }
            let first = w.first().map_or(0, |t| t.line);
            (hash, (first, w.last().map_or(first, |t| t.line)))
        })
        .collect()
}

/// Winnowing: the rightmost minimum of each window of hashes, each selected position once.
/// Fewer hashes than a window: the whole list is one window.
fn winnow(grams: &[(u64, (u32, u32))], window: usize) -> Vec<(u64, (u32, u32))> {
    let mut picked: Vec<(u64, (u32, u32))> = Vec::new();
    let mut last: Option<usize> = None;
    for start in 0..=grams.len().saturating_sub(window.max(1)) {
        let slice = grams.get(start..(start + window).min(grams.len())).unwrap_or_default();
        let best = slice.iter().enumerate().fold(None, |best: Option<(usize, u64)>, (i, (h, _))| match best {
            Some((_, bh)) if bh < *h => best,
            _ => Some((start + i, *h)),
        });
        if let Some((pos, _)) = best {
            if last != Some(pos) {
                last = Some(pos);
                picked.extend(grams.get(pos).copied());
            }
        }
    }
    picked
}

/// A normalised token and its 1-based line in the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    kind: String,
    line: u32,
}

const KEYWORDS: &[&str] = &[
    "def", "return", "for", "in", "if", "elif", "else", "while", "import", "from", "class", "lambda", "and", "or",
    "not", "is", "None", "True", "False", "with", "as", "try", "except", "finally", "raise", "yield", "pass", "break",
    "continue", "global", "nonlocal", "assert", "del", "async", "await",
];
const BUILTINS: &[&str] = &[
    "len",
    "range",
    "sum",
    "min",
    "max",
    "sorted",
    "enumerate",
    "zip",
    "dict",
    "list",
    "set",
    "tuple",
    "int",
    "float",
    "str",
    "print",
    "map",
    "filter",
    "abs",
    "any",
    "all",
    "isinstance",
    "super",
    "self",
];
const OPERATORS: &[&str] = &[
    "**=", "//=", ">>=", "<<=", "...", "**", "//", "==", "!=", "<=", ">=", "->", "+=", "-=", "*=", "/=", "%=", "&=",
    "|=", "^=", "@=", ":=", "<<", ">>",
];

/// `r`, `b`, `f`, `u` (and 3.14's `t`), one or two of them, in any case.
fn is_string_prefix(word: &str) -> bool {
    (1..=2).contains(&word.len()) && word.chars().all(|c| "rbfutRBFUT".contains(c))
}

/// Hand-written Python tokenizer. Never panics: unknown characters become one-char tokens,
/// unterminated strings run to the end of their line (or of the text, when triple-quoted).
fn tokenize(src: &str) -> Vec<Token> {
    let chars: Vec<char> = src.chars().collect();
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    let mut tokens = Vec::new();
    let (mut i, mut line) = (0usize, 1u32);
    let mut push = |kind: &str, line: u32| tokens.push(Token { kind: kind.to_string(), line });
    while i < chars.len() {
        let c = at(i);
        if c == '\n' {
            line = line.saturating_add(1);
            i += 1;
        } else if c.is_whitespace() || c == '\\' || c == '\0' {
            i += 1;
        } else if c == '#' {
            while i < chars.len() && at(i) != '\n' {
                i += 1;
            }
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (at(i).is_alphanumeric() || at(i) == '_') {
                i += 1;
            }
            let word: String = chars.get(start..i).unwrap_or_default().iter().collect();
            if matches!(at(i), '\'' | '"') && is_string_prefix(&word) {
                let start_line = line;
                (i, line) = skip_string(&chars, i, line);
                push("S", start_line);
            } else if KEYWORDS.contains(&word.as_str()) || BUILTINS.contains(&word.as_str()) {
                push(&word, line);
            } else {
                push("V", line);
            }
        } else if c.is_ascii_digit() || (c == '.' && at(i + 1).is_ascii_digit()) {
            let start = i;
            while i < chars.len() {
                let (d, prev) = (at(i), if i > start { at(i - 1) } else { '\0' });
                let exponent_sign =
                    matches!(d, '+' | '-') && matches!(prev, 'e' | 'E') && !matches!(at(start + 1), 'x' | 'X');
                if !(d.is_alphanumeric() || d == '_' || d == '.' || exponent_sign) {
                    break;
                }
                i += 1;
            }
            push("N", line);
        } else if c == '\'' || c == '"' {
            let start_line = line;
            (i, line) = skip_string(&chars, i, line);
            push("S", start_line);
        } else {
            let op = OPERATORS.iter().find(|op| op.chars().enumerate().all(|(j, oc)| at(i + j) == oc));
            let text = op.map_or_else(|| c.to_string(), |op| (*op).to_string());
            i += text.chars().count();
            push(&text, line);
        }
    }
    tokens
}

/// Skips a string literal whose opening quote is at `i`; returns the index after it and the
/// line number there.
fn skip_string(chars: &[char], mut i: usize, mut line: u32) -> (usize, u32) {
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    let quote = at(i);
    let triple = at(i + 1) == quote && at(i + 2) == quote;
    i += if triple { 3 } else { 1 };
    while i < chars.len() {
        match at(i) {
            '\\' => {
                if at(i + 1) == '\n' {
                    line = line.saturating_add(1);
                }
                i += 2;
            }
            '\n' if !triple => return (i, line),
            '\n' => {
                line = line.saturating_add(1);
                i += 1;
            }
            q if q == quote && (!triple || (at(i + 1) == quote && at(i + 2) == quote)) => {
                return (i + if triple { 3 } else { 1 }, line);
            }
            _ => i += 1,
        }
    }
    (chars.len(), line)
}

#[cfg(test)]
mod tests;
