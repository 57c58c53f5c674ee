//! The parameters of a function problem's entry point, read from the starter's `def` (or its
//! class's `__init__`), so that custom input has one field per parameter, labelled with its name.
//!
//! This reads the author's starter as text, the way the catalogue reads scenarios: it never runs
//! it, and it reads signatures only, never values (custom input's literals are Python's to
//! evaluate, in the box). `verdict check` refuses a function problem whose starter's entry this
//! cannot read, or whose samples do not fit the parameters it reads ([`fits`]).

use serde::{Deserialize, Serialize};

/// One parameter of the entry point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parameter {
    pub name: String,
    /// `positional` (positional or keyword), `keyword` (keyword-only, after `*`), `var_positional`
    /// (`*args`) or `var_keyword` (`**kwargs`).
    pub kind: String,
    /// The default's source text, when it has one (`10`, `None`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

/// The parameters of `def entry(...)` (or `async def`) at the top of `source`, or of `class entry`'s `__init__`
/// without `self` (none when the class has no `__init__`); None when the starter defines neither.
pub fn parameters(source: &str, entry: &str) -> Option<Vec<Parameter>> {
    let lines: Vec<&str> = source.lines().collect();
    let def = format!("def {entry}(");
    let class = format!("class {entry}");
    if let Some(at) = lines.iter().position(|l| l.strip_prefix("async ").unwrap_or(l).starts_with(&def)) {
        return Some(split(&header(&lines[at..])?));
    }
    let at = lines.iter().position(|l| l.strip_prefix(&class).is_some_and(|rest| rest.starts_with([':', '(', ' '])))?;
    // The class's body: indented lines up to the next top-level statement.
    let body = lines[at + 1..].iter().take_while(|l| l.is_empty() || l.starts_with([' ', '\t']) || l.starts_with('#'));
    let body: Vec<&str> = body.copied().collect();
    let Some(init) = body.iter().position(|l| l.trim_start().starts_with("def __init__(")) else {
        return Some(Vec::new());
    };
    let mut params = split(&header(&body[init..])?);
    if !params.is_empty() {
        params.remove(0); // self
    }
    Some(params)
}

/// Why a call's arguments do not fit the parameters (too many, an unknown or missing name).
pub fn fits(params: &[Parameter], args: usize, kwargs: &[&str]) -> Result<(), String> {
    let positional: Vec<&Parameter> = params.iter().filter(|p| p.kind == "positional").collect();
    let spread = |kind: &str| params.iter().any(|p| p.kind == kind);
    if args > positional.len() && !spread("var_positional") {
        return Err(format!("{args} arguments, but the starter's entry takes {} positionally", positional.len()));
    }
    for name in kwargs {
        let known = params.iter().any(|p| p.name == *name && matches!(p.kind.as_str(), "positional" | "keyword"));
        if !known && !spread("var_keyword") {
            return Err(format!("the keyword argument `{name}` is not a parameter of the starter's entry"));
        }
    }
    let missing = params.iter().enumerate().find(|(i, p)| {
        let given = (p.kind == "positional" && *i < args) || kwargs.contains(&p.name.as_str());
        matches!(p.kind.as_str(), "positional" | "keyword") && p.default.is_none() && !given
    });
    match missing {
        Some((_, p)) => Err(format!("no value for the starter's parameter `{}`", p.name)),
        None => Ok(()),
    }
}

/// The text between a `def`'s parentheses, across lines.
fn header(lines: &[&str]) -> Option<String> {
    let text = lines.iter().take(50).copied().collect::<Vec<_>>().join("\n");
    let open = text.find('(')?;
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (i, c) in text[open..].char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(' | '[' | '{') => depth += 1,
            (None, ')' | ']' | '}') => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(text[open + 1..open + i].to_owned());
                }
            }
            _ => {}
        }
    }
    None
}

/// The parameters of a `def`'s parameter text, split at top-level commas.
fn split(text: &str) -> Vec<Parameter> {
    let mut parts = Vec::new();
    let (mut depth, mut quote, mut start) = (0usize, None::<char>, 0);
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(' | '[' | '{') => depth += 1,
            (None, ')' | ']' | '}') => depth = depth.saturating_sub(1),
            (None, ',') if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    let mut keyword_only = false;
    let mut params = Vec::new();
    let parts: Vec<String> = parts.iter().map(|p| strip_comment(p).trim().to_owned()).collect();
    for part in parts.iter().map(String::as_str).filter(|p| !p.is_empty()) {
        if part == "/" {
            continue;
        }
        if part == "*" {
            keyword_only = true;
            continue;
        }
        let (kind, rest) = if let Some(rest) = part.strip_prefix("**") {
            ("var_keyword", rest)
        } else if let Some(rest) = part.strip_prefix('*') {
            keyword_only = true;
            ("var_positional", rest)
        } else if keyword_only {
            ("keyword", part)
        } else {
            ("positional", part)
        };
        let (head, default) = match top_level_equals(rest) {
            Some(at) => (&rest[..at], Some(rest[at + 1..].trim().to_owned())),
            None => (rest, None),
        };
        let name = head.split(':').next().unwrap_or_default().trim().to_owned();
        params.push(Parameter { name, kind: kind.to_owned(), default });
    }
    params
}

/// A parameter line's comment, gone (`x,  # the count`).
fn strip_comment(part: &str) -> String {
    part.lines().map(|l| l.split(" #").next().unwrap_or_default()).collect::<Vec<_>>().join(" ")
}

/// Where a parameter's default starts: its first `=` outside brackets and strings.
fn top_level_equals(text: &str) -> Option<usize> {
    let (mut depth, mut quote) = (0usize, None::<char>);
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(' | '[' | '{') => depth += 1,
            (None, ')' | ']' | '}') => depth = depth.saturating_sub(1),
            (None, '=') if depth == 0 => return Some(i),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod unit {
    use super::*;

    fn names(params: &[Parameter]) -> Vec<(&str, &str, Option<&str>)> {
        params.iter().map(|p| (p.name.as_str(), p.kind.as_str(), p.default.as_deref())).collect()
    }

    #[test]
    fn a_def_gives_its_parameters_with_kinds_and_defaults() {
        let source = "import time\n\ndef retry(times: int = 3, on=(Exception, ValueError),\n          delay=0.0, *args, key: str = 'a,b', **kwargs) -> None:\n    ...\n";
        let params = parameters(source, "retry").expect("found");
        assert_eq!(
            names(&params),
            [
                ("times", "positional", Some("3")),
                ("on", "positional", Some("(Exception, ValueError)")),
                ("delay", "positional", Some("0.0")),
                ("args", "var_positional", None),
                ("key", "keyword", Some("'a,b'")),
                ("kwargs", "var_keyword", None)
            ]
        );
        let only = parameters("def f(a, /, b, *, c=1):\n    pass\n", "f").expect("found");
        assert_eq!(names(&only), [("a", "positional", None), ("b", "positional", None), ("c", "keyword", Some("1"))]);
        assert_eq!(parameters("def f():\n    pass\n", "f"), Some(Vec::new()));
        assert_eq!(
            names(&parameters("async def f(urls):\n    pass\n", "f").expect("async")),
            [("urls", "positional", None)]
        );
        assert_eq!(parameters("def g(x):\n    pass\n", "f"), None, "another function is not the entry");
    }

    #[test]
    fn samples_must_fit_the_parameters() {
        let params = parameters("def page(items, n, per_page=10, *, strict=False):\n    ...\n", "page").expect("found");
        assert_eq!(fits(&params, 2, &[]), Ok(()));
        assert_eq!(fits(&params, 3, &["strict"]), Ok(()));
        assert!(fits(&params, 4, &[]).expect_err("too many").contains("4 arguments"));
        assert!(fits(&params, 1, &[]).expect_err("missing").contains("`n`"));
        assert!(fits(&params, 2, &["nope"]).expect_err("unknown").contains("`nope`"));
        let spread = parameters("def f(*args, **kw):\n    ...\n", "f").expect("found");
        assert_eq!(fits(&spread, 5, &["any"]), Ok(()));
    }

    #[test]
    fn a_class_gives_its_constructors_parameters_without_self() {
        let source = "class LRUCache:\n    \"\"\"A cache.\"\"\"\n\n    def __init__(self, capacity):\n        ...\n\n    def get(self, key):\n        ...\n";
        assert_eq!(names(&parameters(source, "LRUCache").expect("found")), [("capacity", "positional", None)]);
        assert_eq!(parameters("class Stack:\n    def push(self, x):\n        pass\n", "Stack"), Some(Vec::new()));
        assert_eq!(parameters("class StackX:\n    pass\n", "Stack"), None);
    }
}
