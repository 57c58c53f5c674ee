//! The real catalogue's tracks.toml loads, its topic tracks cover every problem, and every
//! problem has its hints and write-up.

use std::path::Path;

#[test]
fn the_catalogues_tracks_load_and_cover_every_problem() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../problems");
    let catalog = verdict_catalog::load_catalog(&root).expect("reads the catalogue");
    let tracks_errors: Vec<_> = catalog.errors.iter().filter(|e| e.problem == verdict_catalog::CATALOGUE).collect();
    assert!(tracks_errors.is_empty(), "{tracks_errors:#?}");
    let aid_errors: Vec<_> =
        catalog.errors.iter().filter(|e| e.file.ends_with("hints.md") || e.file.ends_with("writeup.md")).collect();
    assert!(aid_errors.is_empty(), "{aid_errors:#?}");
    let uncovered: Vec<&str> = catalog
        .problems
        .iter()
        .map(|p| p.slug())
        .filter(|slug| !catalog.tracks.iter().any(|t| t.slug != "30-day-plan" && t.problems().any(|p| p == *slug)))
        .collect();
    assert!(uncovered.is_empty(), "in no topic track: {uncovered:?}");
    let plan = catalog.tracks.iter().find(|t| t.slug == "30-day-plan").expect("the 30-day plan");
    assert_eq!(plan.steps.len(), 30, "a step per day");
    // The catalogue's own problems all teach: each has hints and a write-up (a problem set
    // written elsewhere may leave them out; `verdict check` does not require them).
    let without: Vec<&str> =
        catalog.problems.iter().filter(|p| p.hints.len() < 2 || p.writeup.is_none()).map(|p| p.slug()).collect();
    assert!(without.is_empty(), "without hints and a write-up: {without:?}");
}

#[test]
fn related_problems_are_the_authors_first_then_those_sharing_topics() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../problems");
    let catalog = verdict_catalog::load_catalog(&root).expect("reads the catalogue");
    let related_errors: Vec<_> = catalog.errors.iter().filter(|e| e.message.contains("related")).collect();
    assert!(related_errors.is_empty(), "{related_errors:#?}");
    let problem = catalog.get("reverse-words").expect("reverse-words");
    let related = verdict_catalog::aids::related(problem, catalog.problems.iter());
    assert_eq!(related.len(), verdict_catalog::aids::MAX_RELATED);
    assert_eq!(&related[..2], ["is-palindrome", "longest-common-prefix"], "the author's own first");
    for slug in &related[2..] {
        let other = catalog.get(slug).expect("a known problem");
        assert!(other.manifest.topics.contains(&"strings".to_owned()), "{slug} shares a topic with reverse-words");
        assert!(slug != "reverse-words" && !related[..2].contains(slug), "{related:?}");
    }
    // A problem without `related` of its own gets topic neighbours, the same difficulty first.
    let pi = catalog.get("calculate-pi").expect("calculate-pi");
    let neighbours = verdict_catalog::aids::related(pi, catalog.problems.iter());
    let first = catalog.get(&neighbours[0]).expect("known");
    assert!(
        first.manifest.topics.contains(&"numbers".to_owned()) && first.manifest.difficulty == pi.manifest.difficulty
    );
}
