//! Pools and variants: each candidate's attempt gets one member of a pool, spread evenly over
//! the assessment's attempts and fixed at Start (a restart or a second Start changes nothing),
//! a seed of their own for a problem with variants, and their submissions are claimed with it.

use super::hiring::team;
use super::hiring_store as store;
use super::{on_both_engines, Engine};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use verdict_store::*;

fn pool_spec() -> AssessmentSpec {
    let member = |slug: &str| SlotProblem { slug: slug.into(), private: None };
    AssessmentSpec {
        problems: vec![
            ProblemPoints { points: 10, members: vec![member("p1"), member("p2"), member("p3")] },
            ProblemPoints::one("v", 5, None),
        ],
        ..super::hiring::spec()
    }
}

fn invite(store: &dyn Store, id: &str) {
    let new = NewInvitation { id: id.into(), name: id.into(), email: format!("{id}@x.test"), link_hash: id.into() };
    store.create_invitations("as1", &[new], "lead").expect("invite");
}

fn a_pool_is_drawn_evenly_at_start_and_never_changes(engine: Engine) {
    let (place, clock, store) = store(engine);
    let created = store.create_assessment(&team(""), "as1", &pool_spec(), "lead").expect("create");
    let read = store.assessment(&team(""), "as1").expect("read").expect("there");
    assert_eq!(read.spec, created.spec, "a pool is stored and read back as it was made");
    let variants = |p: &SlotProblem| p.slug == "v";
    // Names whose hashes alone would give p1 four times of six: the spread is the counts' doing.
    let ids: Vec<String> = (1..=6).map(|n| format!("c{n}")).collect();
    for id in &ids {
        invite(&*store, id);
    }
    let before = store.attempt_slots("c1").expect("slots");
    assert_eq!((before[0].problem.as_ref(), before[0].pool), (None, true), "nothing drawn before Start");
    let mut drawn = BTreeMap::new();
    for id in &ids {
        store.start_attempt_with_variants(id, 30 * 60_000, &variants).expect("start");
        let slots = store.attempt_slots(id).expect("slots");
        let got = slots[0].slug().expect("drawn at Start").to_owned();
        assert_eq!(slots[0].seed, None, "no variants for the pool's problems");
        assert_eq!((slots[1].slug(), slots[1].seed), (Some("v"), Some(variant_seed(id, 1))), "{slots:?}");
        *drawn.entry(got).or_insert(0) += 1;
        let (most, least) = (drawn.values().max(), if drawn.len() < 3 { Some(&0) } else { drawn.values().min() });
        assert!(most.zip(least).is_some_and(|(m, l)| m - l <= 1), "uneven after {id}: {drawn:?}");
    }
    assert_eq!(drawn.values().copied().collect::<Vec<_>>(), [2, 2, 2], "spread evenly: {drawn:?}");
    let first = store.attempt_slots("c1").expect("slots");
    store.start_attempt_with_variants("c1", 30 * 60_000, &|_| false).expect("start again");
    assert_eq!(store.attempt_slots("c1").expect("slots"), first, "a second Start draws nothing new");

    // A submission of the attempt is claimed with its seed; practice's, with none.
    let owner = Owner::Attempt("c1".into());
    let new = NewSubmission { id: "s1", owner: &owner, problem: "v", code: "x", package: None };
    store.create_attempt_submission("c1", &new).expect("submit");
    let claim = store.claim("w", Duration::from_secs(30)).expect("claim").expect("claimed");
    assert_eq!(claim.variant, Some(variant_seed("c1", 1)));
    let practice = Owner::Practice("c".into());
    store
        .create_submission(&NewSubmission { id: "s2", owner: &practice, problem: "v", code: "x", package: None })
        .expect("practice");
    let claim = store.claim("w", Duration::from_secs(30)).expect("claim").expect("claimed");
    assert_eq!((claim.record.id.as_str(), claim.variant), ("s2", None));

    // Finish submits the drawn problem's last draft; a restart reads the same draw.
    let mine = first[0].slug().expect("drawn").to_owned();
    store.save_attempt_draft("c1", &mine, "draft", "autosave").expect("draft");
    let finished = store.finish_attempt("c1", "candidate", &mut || "auto".into(), &|_| None).expect("finish");
    assert_eq!(finished.submissions, ["auto"]);
    assert_eq!(store.submission("auto").expect("read").expect("stored").problem, mine);
    drop(store);
    let reopened = place.open(Arc::clone(&clock) as Arc<dyn Clock>);
    assert_eq!(reopened.attempt_slots("c1").expect("slots"), first, "the draw survives a restart");
}

fn a_slot_is_one_problem_or_a_pool_never_both(_engine: Engine) {
    let old: Vec<ProblemPoints> =
        serde_json::from_str(r#"[{"slug": "a", "points": 3}]"#).expect("a slot stored before pools");
    assert_eq!(old, [ProblemPoints::one("a", 3, None)]);
    let pool = serde_json::to_value(&pool_spec().problems).expect("json");
    assert_eq!(pool[0]["pool"][1]["slug"], "p2", "{pool}");
    assert_eq!(pool[1], serde_json::json!({"slug": "v", "points": 5}), "one problem is stored as before");
    let both: Result<Vec<ProblemPoints>, _> =
        serde_json::from_str(r#"[{"slug": "a", "pool": [{"slug": "b"}], "points": 3}]"#);
    assert!(both.is_err(), "{both:?}");
}

on_both_engines!(a_pool_is_drawn_evenly_at_start_and_never_changes, a_slot_is_one_problem_or_a_pool_never_both);
