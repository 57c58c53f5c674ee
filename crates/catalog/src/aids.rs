//! Learning aids a problem package may carry for practice: `hints.md` (hints revealed one at a
//! time, each under a `## ` heading) and `writeup.md` (the approach in prose, with its `Time:`
//! and `Space:` complexity lines), plus the `related` problems of problem.toml. They are data:
//! nothing here is run, and none of it is ever shown in an assessment (the server's rule).

use crate::{line_of_key, Catalog, Errors, PackageError};
use serde::Serialize;
use std::path::Path;

/// The optional file of hints.
pub const HINTS_FILE: &str = "hints.md";
/// The optional write-up.
pub const WRITEUP_FILE: &str = "writeup.md";
/// The most hints a problem may have: a nudge, a direction, a near-solution, and room for two more.
pub const MAX_HINTS: usize = 5;
/// The most bytes of one hint's Markdown.
pub const MAX_HINT_BYTES: usize = 2048;
/// The most bytes of a write-up's Markdown.
pub const MAX_WRITEUP_BYTES: usize = 16 * 1024;
/// The most bytes of one complexity line's value (`O(n log n)`, with a short reason).
pub const MAX_COMPLEXITY_BYTES: usize = 200;
/// The most problems `related` may name, and the most a page shows (topics fill up the rest).
pub const MAX_RELATED: usize = 5;

/// One hint: its heading (`Hint 1`, `A nudge`) and its Markdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hint {
    pub title: String,
    pub markdown: String,
}

/// A problem's write-up: the prose and its stated complexity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Writeup {
    pub markdown: String,
    /// The value of the `Time:` line (`O(n)`).
    pub time: String,
    /// The value of the `Space:` line (`O(1)`).
    pub space: String,
}

/// A fault in an aids file, with its 1-based line when it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AidError {
    pub line: Option<usize>,
    pub message: String,
}

fn fault(line: Option<usize>, message: impl Into<String>) -> AidError {
    AidError { line, message: message.into() }
}

/// Parses hints.md: each `## ` heading starts a hint, whose body runs to the next one. Text
/// before the first heading (other than a `# ` title) is refused, as are empty hints, more than
/// [`MAX_HINTS`] and hints over [`MAX_HINT_BYTES`].
pub fn parse_hints(text: &str) -> Result<Vec<Hint>, Vec<AidError>> {
    let mut errors = Vec::new();
    let mut hints: Vec<(usize, Hint)> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        if let Some(title) = line.strip_prefix("## ") {
            hints.push((number, Hint { title: title.trim().to_owned(), markdown: String::new() }));
        } else if let Some((_, hint)) = hints.last_mut() {
            hint.markdown.push_str(line);
            hint.markdown.push('\n');
        } else if !line.trim().is_empty() && !line.starts_with("# ") {
            errors.push(fault(Some(number), "text before the first hint: each hint starts with a `## ` heading"));
        }
    }
    if hints.is_empty() && errors.is_empty() {
        errors.push(fault(None, "no hint: each hint starts with a `## ` heading"));
    }
    if hints.len() > MAX_HINTS {
        errors.push(fault(Some(hints[MAX_HINTS].0), format!("{} hints: at most {MAX_HINTS}", hints.len())));
    }
    for (line, hint) in &mut hints {
        hint.markdown = hint.markdown.trim().to_owned();
        if hint.title.is_empty() {
            errors.push(fault(Some(*line), "a hint's heading is empty"));
        }
        if hint.markdown.is_empty() {
            errors.push(fault(Some(*line), format!("hint `{}` is empty", hint.title)));
        }
        if hint.markdown.len() > MAX_HINT_BYTES {
            let size = hint.markdown.len();
            errors.push(fault(Some(*line), format!("hint `{}` is {size} bytes: at most {MAX_HINT_BYTES}", hint.title)));
        }
    }
    if errors.is_empty() {
        Ok(hints.into_iter().map(|(_, h)| h).collect())
    } else {
        Err(errors)
    }
}

/// Parses writeup.md: Markdown of at most [`MAX_WRITEUP_BYTES`] that states its complexity on
/// two lines of their own, `Time: ...` and `Space: ...` (a leading `- ` or `**` is allowed).
pub fn parse_writeup(text: &str) -> Result<Writeup, Vec<AidError>> {
    let mut errors = Vec::new();
    if text.len() > MAX_WRITEUP_BYTES {
        errors.push(fault(None, format!("{} bytes: at most {MAX_WRITEUP_BYTES}", text.len())));
    }
    let complexity = |label: &str, errors: &mut Vec<AidError>| -> String {
        let found = text.lines().enumerate().find_map(|(i, line)| {
            let bare = line.trim().trim_start_matches("- ").replace("**", "");
            bare.strip_prefix(label).map(|value| (i + 1, value.trim().to_owned()))
        });
        match found {
            None => {
                errors.push(fault(None, format!("the write-up needs its complexity: a line `{label} O(...)`")));
                String::new()
            }
            Some((line, value)) if value.is_empty() => {
                errors.push(fault(Some(line), format!("`{label}` is empty: say the complexity, e.g. `{label} O(n)`")));
                value
            }
            Some((line, value)) if value.len() > MAX_COMPLEXITY_BYTES => {
                errors.push(fault(Some(line), format!("`{label}` is over {MAX_COMPLEXITY_BYTES} bytes")));
                value
            }
            Some((_, value)) => value,
        }
    };
    let time = complexity("Time:", &mut errors);
    let space = complexity("Space:", &mut errors);
    if text.trim().is_empty() {
        errors.push(fault(None, "the write-up is empty"));
    }
    if errors.is_empty() {
        Ok(Writeup { markdown: text.trim().to_owned(), time, space })
    } else {
        Err(errors)
    }
}

/// What is wrong with a problem's own `related` list (unknown slugs are the catalogue's to find).
pub fn validate_related(slug: &str, related: &[String]) -> Vec<String> {
    let mut problems = Vec::new();
    if related.len() > MAX_RELATED {
        problems.push(format!("{} related problems: at most {MAX_RELATED}", related.len()));
    }
    for (i, other) in related.iter().enumerate() {
        if other == slug {
            problems.push(format!("`{other}` is this problem: a problem is not related to itself"));
        }
        if related[..i].contains(other) {
            problems.push(format!("`{other}` is listed twice in related"));
        }
    }
    problems
}

/// The problems shown as related to `problem`: its own `related` first, then the problems that
/// share the most topics with it (the same difficulty first among equals, then catalogue order),
/// [`MAX_RELATED`] at most.
pub fn related<'a>(problem: &crate::Problem, all: impl Iterator<Item = &'a crate::Problem>) -> Vec<String> {
    let mut chosen: Vec<String> = problem.manifest.related.iter().take(MAX_RELATED).cloned().collect();
    let topics = &problem.manifest.topics;
    let mut by_topic: Vec<(usize, bool, usize, &str)> = all
        .enumerate()
        .filter(|(_, other)| other.slug() != problem.slug() && !chosen.iter().any(|c| c == other.slug()))
        .map(|(order, other)| {
            let shared = other.manifest.topics.iter().filter(|t| topics.contains(t)).count();
            (shared, other.manifest.difficulty == problem.manifest.difficulty, order, other.slug())
        })
        .filter(|(shared, ..)| *shared > 0)
        .collect();
    by_topic.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    let room = MAX_RELATED.saturating_sub(chosen.len());
    chosen.extend(by_topic.into_iter().take(room).map(|(.., slug)| slug.to_owned()));
    chosen
}

/// hints.md and writeup.md, each optional, with every fault located.
pub(crate) fn load(dir: &Path, errors: &mut Errors) -> (Vec<Hint>, Option<Writeup>) {
    let mut report = |file: &str, list: Vec<AidError>| {
        for e in list {
            errors.add(file, e.line, e.message);
        }
    };
    let hints = match dir.join(HINTS_FILE).exists() {
        true => std::fs::read_to_string(dir.join(HINTS_FILE))
            .map_err(|e| vec![AidError { line: None, message: format!("cannot be read: {e}") }])
            .and_then(|text| parse_hints(&text))
            .unwrap_or_else(|list| {
                report(HINTS_FILE, list);
                Vec::new()
            }),
        false => Vec::new(),
    };
    let writeup = match dir.join(WRITEUP_FILE).exists() {
        true => std::fs::read_to_string(dir.join(WRITEUP_FILE))
            .map_err(|e| vec![AidError { line: None, message: format!("cannot be read: {e}") }])
            .and_then(|text| parse_writeup(&text))
            .map_err(|list| report(WRITEUP_FILE, list))
            .ok(),
        false => None,
    };
    (hints, writeup)
}

/// Each problem's `related` names problems of the catalogue.
pub(crate) fn check_related(catalog: &mut Catalog) {
    let mut found = Vec::new();
    for problem in &catalog.problems {
        for other in problem.manifest.related.iter().filter(|s| catalog.get(s).is_none()) {
            let line = std::fs::read_to_string(problem.dir.join("problem.toml"))
                .ok()
                .and_then(|text| line_of_key(&text, "related"));
            let message = format!("related problem `{other}` is not in the catalogue");
            found.push(PackageError { problem: problem.slug().to_owned(), file: "problem.toml".into(), line, message });
        }
    }
    catalog.errors.extend(found);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_split_on_second_level_headings_in_order() {
        let hints = parse_hints("# Hints\n\n## A nudge\nThink of a set.\n\n## Nearly\nUse `seen`.\nThen return.\n")
            .expect("parses");
        assert_eq!(hints.len(), 2);
        assert_eq!(hints[0], Hint { title: "A nudge".into(), markdown: "Think of a set.".into() });
        assert_eq!(hints[1].markdown, "Use `seen`.\nThen return.");
    }

    #[test]
    fn an_empty_hint_stray_text_and_too_many_hints_are_named_by_line() {
        let errors = parse_hints("stray\n## One\n\n## Two\ntext\n").expect_err("refused");
        let lines: Vec<_> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [Some(1), Some(2)], "{errors:?}");
        assert!(errors[1].message.contains("`One` is empty"), "{errors:?}");
        let many: String = (1..=MAX_HINTS + 1).map(|i| format!("## H{i}\nx\n")).collect();
        let errors = parse_hints(&many).expect_err("too many");
        assert_eq!(errors[0].line, Some(2 * MAX_HINTS + 1), "{errors:?}");
        let long = format!("## Long\n{}\n", "x".repeat(MAX_HINT_BYTES + 1));
        assert!(parse_hints(&long).expect_err("too long")[0].message.contains("at most"));
        assert!(parse_hints("# Only a title\n").is_err());
    }

    #[test]
    fn a_writeup_states_time_and_space() {
        let w = parse_writeup("# Approach\n\nOne pass.\n\n- **Time:** O(n)\n- **Space:** O(1)\n").expect("parses");
        assert_eq!((w.time.as_str(), w.space.as_str()), ("O(n)", "O(1)"));
        let errors = parse_writeup("# Approach\n\nOne pass.\n\nTime: O(n)\n").expect_err("no space");
        assert!(errors.iter().any(|e| e.message.contains("`Space: O(...)`")), "{errors:?}");
        let errors = parse_writeup("Time:\nSpace: O(1)\n").expect_err("empty time");
        assert_eq!(errors[0].line, Some(1));
        let big = format!("Time: O(1)\nSpace: O(1)\n{}", "x".repeat(MAX_WRITEUP_BYTES));
        assert!(parse_writeup(&big).is_err());
    }

    #[test]
    fn related_refuses_itself_duplicates_and_too_many() {
        assert!(validate_related("a", &["b".into(), "c".into()]).is_empty());
        assert_eq!(validate_related("a", &["a".into(), "b".into(), "b".into()]).len(), 2);
        let many: Vec<String> = (0..=MAX_RELATED).map(|i| format!("p{i}")).collect();
        assert_eq!(validate_related("a", &many).len(), 1);
    }
}
