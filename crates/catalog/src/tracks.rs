//! `tracks.toml` beside the problem folders: ordered learning paths over the catalogue, each a
//! list of steps (a topic, or a day of a plan) naming problems by slug. Data only; a candidate's
//! progress on a track is the server's to compute.

use crate::{Catalog, PackageError};
use serde::{Deserialize, Serialize};
use std::path::Path;
use toml::Spanned;

/// The file, at the catalogue's root.
pub const TRACKS_FILE: &str = "tracks.toml";
/// The most tracks a catalogue may have.
pub const MAX_TRACKS: usize = 32;
/// The most steps of one track (a 30-day plan has 30).
pub const MAX_STEPS: usize = 60;
/// The most problems of one step.
pub const MAX_STEP_PROBLEMS: usize = 10;
/// The most characters of a title or a summary.
pub const MAX_TITLE_CHARS: usize = 120;
pub const MAX_SUMMARY_CHARS: usize = 600;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct TracksFile {
    #[serde(default)]
    tracks: Vec<RawTrack>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTrack {
    slug: Spanned<String>,
    title: String,
    #[serde(default)]
    summary: String,
    steps: Vec<RawStep>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    title: Spanned<String>,
    problems: Vec<Spanned<String>>,
}

/// A track: its steps in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Track {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub steps: Vec<Step>,
}

impl Track {
    /// Every problem of the track, in order.
    pub fn problems(&self) -> impl Iterator<Item = &str> {
        self.steps.iter().flat_map(|s| s.problems.iter().map(String::as_str))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub title: String,
    pub problems: Vec<String>,
}

/// A fault in tracks.toml with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackError {
    pub line: Option<usize>,
    pub message: String,
}

/// Parses tracks.toml and checks it against the catalogue's slugs (`known`): every problem
/// known, none twice in one track, track slugs unique and well formed, sizes within the caps
/// above. Every fault is reported with its line.
pub fn parse_tracks(text: &str, known: &dyn Fn(&str) -> bool) -> Result<Vec<Track>, Vec<TrackError>> {
    let line = |offset: usize| Some(crate::line_of(text, offset));
    let file: TracksFile = toml::from_str(text).map_err(|e| {
        vec![TrackError { line: e.span().and_then(|s| line(s.start)), message: e.message().trim().to_owned() }]
    })?;
    let mut errors = Vec::new();
    let mut bad = |at: Option<usize>, message: String| errors.push(TrackError { line: at, message });
    if file.tracks.len() > MAX_TRACKS {
        bad(None, format!("{} tracks: at most {MAX_TRACKS}", file.tracks.len()));
    }
    let mut slugs: Vec<&str> = Vec::new();
    for track in &file.tracks {
        let at = line(track.slug.span().start);
        let slug = track.slug.get_ref().as_str();
        if slug.is_empty() || !slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            bad(at, format!("track slug `{slug}` must be lowercase letters, digits and dashes"));
        }
        if slugs.contains(&slug) {
            bad(at, format!("track `{slug}` is defined twice"));
        }
        slugs.push(slug);
        if track.title.trim().is_empty() || track.title.chars().count() > MAX_TITLE_CHARS {
            bad(at, format!("track `{slug}`: a title of 1 to {MAX_TITLE_CHARS} characters"));
        }
        if track.summary.chars().count() > MAX_SUMMARY_CHARS {
            bad(at, format!("track `{slug}`: a summary of at most {MAX_SUMMARY_CHARS} characters"));
        }
        if track.steps.is_empty() || track.steps.len() > MAX_STEPS {
            bad(at, format!("track `{slug}` has {} steps: 1 to {MAX_STEPS}", track.steps.len()));
        }
        let mut seen: Vec<&str> = Vec::new();
        for step in &track.steps {
            let step_at = line(step.title.span().start);
            let title = step.title.get_ref();
            if title.trim().is_empty() || title.chars().count() > MAX_TITLE_CHARS {
                bad(step_at, format!("track `{slug}`: a step title of 1 to {MAX_TITLE_CHARS} characters"));
            }
            if step.problems.is_empty() || step.problems.len() > MAX_STEP_PROBLEMS {
                let count = step.problems.len();
                bad(step_at, format!("step `{title}` has {count} problems: 1 to {MAX_STEP_PROBLEMS}"));
            }
            for problem in &step.problems {
                let name = problem.get_ref().as_str();
                let at = line(problem.span().start);
                if !known(name) {
                    bad(at, format!("track `{slug}`: no problem `{name}` in the catalogue"));
                }
                if seen.contains(&name) {
                    bad(at, format!("track `{slug}` lists `{name}` twice"));
                }
                seen.push(name);
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(file
        .tracks
        .into_iter()
        .map(|t| Track {
            slug: t.slug.into_inner(),
            title: t.title,
            summary: t.summary,
            steps: t
                .steps
                .into_iter()
                .map(|s| Step {
                    title: s.title.into_inner(),
                    problems: s.problems.into_iter().map(Spanned::into_inner).collect(),
                })
                .collect(),
        })
        .collect())
}

/// The problem errors of the catalogue as a whole (tracks.toml) are reported under this name.
pub const CATALOGUE: &str = "catalogue";

/// tracks.toml at the root, when there is one, checked against the problems that loaded (a
/// problem that failed to load is reported on its own; a track naming it is refused too).
pub(crate) fn load(root: &Path, catalog: &mut Catalog) {
    let path = root.join(TRACKS_FILE);
    if !path.exists() {
        return;
    }
    let error = |line, message| PackageError { problem: CATALOGUE.into(), file: TRACKS_FILE.into(), line, message };
    match std::fs::read_to_string(&path) {
        Ok(text) => match parse_tracks(&text, &|slug| catalog.get(slug).is_some()) {
            Ok(tracks) => catalog.tracks = tracks,
            Err(list) => catalog.errors.extend(list.into_iter().map(|e| error(e.line, e.message))),
        },
        Err(e) => catalog.errors.push(error(None, format!("cannot be read: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[[tracks]]
slug = "basics"
title = "Basics"
summary = "Start here."
steps = [
  { title = "Day 1", problems = ["a", "b"] },
  { title = "Day 2", problems = ["c"] },
]
"#;

    fn known(slug: &str) -> bool {
        ["a", "b", "c"].contains(&slug)
    }

    #[test]
    fn a_track_keeps_its_steps_in_order() {
        let tracks = parse_tracks(GOOD, &known).expect("parses");
        assert_eq!(tracks.len(), 1);
        assert_eq!(tracks[0].problems().collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_eq!(tracks[0].steps[1].title, "Day 2");
    }

    #[test]
    fn unknown_and_repeated_problems_are_named_with_their_line() {
        let text = GOOD.replace("[\"c\"]", "[\"zz\", \"a\"]");
        let errors = parse_tracks(&text, &known).expect_err("refused");
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors.iter().all(|e| e.line == Some(8)), "{errors:?}");
        assert!(errors[0].message.contains("no problem `zz`"), "{errors:?}");
        assert!(errors[1].message.contains("lists `a` twice"), "{errors:?}");
    }

    #[test]
    fn a_twice_defined_track_an_empty_step_and_unknown_keys_are_refused() {
        let twice =
            format!("{GOOD}{}", GOOD.replace("title = \"Day 2\", problems = [\"c\"]", "title = \"x\", problems = []"));
        let errors = parse_tracks(&twice, &known).expect_err("refused");
        assert!(errors.iter().any(|e| e.message.contains("defined twice") && e.line == Some(12)), "{errors:?}");
        assert!(errors.iter().any(|e| e.message.contains("has 0 problems")), "{errors:?}");
        let unknown = GOOD.replace("summary", "colour");
        assert_eq!(parse_tracks(&unknown, &known).expect_err("unknown key")[0].line, Some(5));
        let long = GOOD.replace("[\"c\"]", &format!("[{}]", ["\"c\""; MAX_STEP_PROBLEMS + 1].join(", ")));
        assert!(parse_tracks(&long, &known).expect_err("too many").iter().any(|e| e.message.contains("1 to 10")));
    }
}
