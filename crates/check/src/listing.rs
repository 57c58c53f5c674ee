//! The scenarios Python finds in tests/scenarios.py (the harness's `scenario_list`, in the box)
//! must be the ones the catalogue read from the file without running it: the same names, lines,
//! sample flags, weights and groups. The catalogue's reading decides what a candidate is shown
//! and how a test is scored; the box's decides what runs: they may not disagree.

use crate::findings::Findings;
use serde::Deserialize;
use verdict_catalog::scenarios::{parse_scenarios, Scenario};
use verdict_catalog::{Problem, SCENARIOS_FILE};
use verdict_judge::harness::{self, Outcome, Request};
use verdict_judge::Judge;
use verdict_pyassets::SCENARIO_API;
use verdict_sandbox::{BoxedFile, Limits, Status};

/// One scenario as the box lists it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(crate) struct Listed {
    pub name: String,
    pub line: usize,
    pub sample: bool,
    pub weight: f64,
    pub group: Option<String>,
}

pub(crate) fn check_listing(judge: &Judge<'_>, problem: &Problem, findings: &mut Findings<'_>) {
    let Some(source) = problem.scenarios.as_deref() else { return };
    // A file the catalogue cannot read has been reported when the problem loaded.
    let Ok(read) = parse_scenarios(source) else { return };
    match list_in_box(judge, source) {
        Ok(listed) => {
            for (line, message) in disagreements(&read, &listed) {
                findings.add(SCENARIOS_FILE, Some(line), message);
            }
        }
        Err((line, message)) => findings.add(SCENARIOS_FILE, line, message),
    }
}

/// The harness's listing of the scenarios, or where and why the file does not load in the box.
fn list_in_box(judge: &Judge<'_>, source: &str) -> Result<Vec<Listed>, (Option<usize>, String)> {
    let files = vec![
        BoxedFile { name: "scenario.py".into(), contents: SCENARIO_API.as_bytes().to_vec() },
        BoxedFile { name: "scenarios.py".into(), contents: source.as_bytes().to_vec() },
    ];
    let limits = Limits { cpu_ms: 10_000, wall_ms: 20_000, stdout_bytes: 32 << 20, ..Limits::default() };
    let (outcome, stream) = harness::run(judge.sandbox(), &Request::ScenarioList, files, limits)
        .map_err(|e| (None, format!("listing the scenarios in the box failed: {e}")))?;
    let reply = stream.and_then(|s| s.into_reply()).ok_or_else(|| {
        let status = if outcome.status == Status::Ok { "with no reply".to_owned() } else { outcome.status.to_string() };
        let stderr = String::from_utf8_lossy(&outcome.stderr).trim().to_owned();
        (None, format!("listing the scenarios in the box ended {status}: {stderr}"))
    })?;
    match reply.outcome {
        Outcome::Returned { value, .. } => serde_json::from_value(value)
            .map_err(|e| (None, format!("the box's listing of the scenarios is not understood: {e}"))),
        Outcome::Raised(raised) => Err((
            line_in_traceback(&raised.traceback),
            format!("the scenarios do not load in the box: {}: {}", raised.exception, raised.message),
        )),
        other => Err((None, format!("listing the scenarios in the box: {}", other.explanation()))),
    }
}

/// The last line of /box/scenarios.py a traceback names.
fn line_in_traceback(traceback: &str) -> Option<usize> {
    traceback.lines().rev().find_map(|line| {
        let rest = line.trim_start().strip_prefix("File \"/box/scenarios.py\", line ")?;
        rest.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
    })
}

/// Every way the box's listing differs from the catalogue's reading: (line, message).
pub(crate) fn disagreements(read: &[Scenario], listed: &[Listed]) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for scenario in read {
        let Some(box_side) = listed.iter().find(|l| l.name == scenario.name) else {
            found.push((
                scenario.line,
                format!(
                    "the catalogue reads scenario `{}` here, but Python finds no such test_ function when the file runs",
                    scenario.name
                ),
            ));
            continue;
        };
        let mut differs = |catalogue: String, python: String| {
            found.push((
                scenario.line,
                format!("scenario `{}`: the catalogue reads {catalogue}, Python finds {python}", scenario.name),
            ));
        };
        if box_side.line != scenario.line {
            differs(format!("it on line {}", scenario.line), format!("it on line {}", box_side.line));
        }
        if box_side.sample != scenario.sample {
            let shown = |sample: bool| if sample { "a sample" } else { "hidden" };
            differs(format!("it as {}", shown(scenario.sample)), shown(box_side.sample).to_owned());
        }
        if box_side.weight != scenario.weight {
            differs(format!("weight {}", scenario.weight), format!("weight {}", box_side.weight));
        }
        if box_side.group != scenario.group {
            let shown =
                |group: &Option<String>| group.as_ref().map_or("no group".to_owned(), |g| format!("group {g:?}"));
            differs(shown(&scenario.group), shown(&box_side.group));
        }
    }
    for (index, twice) in listed.iter().enumerate() {
        if listed[..index].iter().any(|l| l.name == twice.name) {
            found.push((
                twice.line,
                format!(
                    "Python finds scenario `{}` twice (a second name for it, `test_b = {}`, runs it again)",
                    twice.name, twice.name
                ),
            ));
        }
    }
    for extra in listed.iter().filter(|l| !read.iter().any(|s| s.name == l.name)) {
        found.push((
            extra.line,
            format!(
                "Python finds scenario `{}` here, which the catalogue does not read: define it at column 0 as `def {}(solution, check):`",
                extra.name, extra.name
            ),
        ));
    }
    found
}

#[cfg(test)]
mod unit {
    use super::*;

    fn read(name: &str, line: usize) -> Scenario {
        Scenario { name: name.into(), line, source: String::new(), sample: false, weight: 1.0, group: None }
    }

    fn listed(name: &str, line: usize) -> Listed {
        Listed { name: name.into(), line, sample: false, weight: 1.0, group: None }
    }

    #[test]
    fn the_same_scenarios_agree() {
        assert!(disagreements(&[read("test_a", 3), read("test_b", 9)], &[listed("test_a", 3), listed("test_b", 9)])
            .is_empty());
    }

    #[test]
    fn each_difference_is_named_with_its_line() {
        let mut weighted = listed("test_a", 3);
        weighted.weight = 2.0;
        weighted.sample = true;
        weighted.group = Some("edge".into());
        let found = disagreements(&[read("test_a", 3), read("test_gone", 7)], &[weighted, listed("test_extra", 12)]);
        let text: Vec<String> = found.iter().map(|(line, m)| format!("{line}: {m}")).collect();
        assert_eq!(found.len(), 5, "{text:#?}");
        assert!(
            text[0].starts_with("3: scenario `test_a`: the catalogue reads it as hidden, Python finds a sample"),
            "{text:#?}"
        );
        assert!(text[1].contains("weight 1, Python finds weight 2"), "{text:#?}");
        assert!(text[2].contains("no group, Python finds group \"edge\""), "{text:#?}");
        assert!(text[3].starts_with("7: the catalogue reads scenario `test_gone`"), "{text:#?}");
        assert!(text[4].starts_with("12: Python finds scenario `test_extra`"), "{text:#?}");
    }

    #[test]
    fn a_scenario_listed_twice_is_named() {
        let found = disagreements(&[read("test_a", 3)], &[listed("test_a", 3), listed("test_a", 3)]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].1.contains("Python finds scenario `test_a` twice"), "{found:?}");
    }

    #[test]
    fn a_traceback_gives_the_scenarios_line() {
        let traceback = "Traceback (most recent call last):\n  File \"/box/harness.py\", line 255, in load_scenarios\n  File \"/box/scenarios.py\", line 14, in <module>\n    x = 1 / 0\nZeroDivisionError: division by zero";
        assert_eq!(line_in_traceback(traceback), Some(14));
        assert_eq!(line_in_traceback("no file here"), None);
    }
}
