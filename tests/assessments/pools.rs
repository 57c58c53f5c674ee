//! Issue 21 item 1, question pools and seeded variants over HTTP on the real sandbox: a slot
//! that is a pool of three spreads six candidates two to a problem, each sees (and may open)
//! only the problem drawn for them, the draw survives a restart, and the report, its exports and
//! the similarity name (and pair by) the drawn problem; a variant problem gives two candidates
//! different generated tests, and the same code, judged after a restart, scores per each one's
//! own seed.

use crate::{assessment_input, member, ok, settled_report, token_of, PALINDROME, PI};
use axum::http::StatusCode;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use verdict_tests::http::Client;
use verdict_tests::service::{problems_dir, queue, TestService};

const POOL: [&str; 3] = ["calculate-pi", "is-palindrome", "reverse-words"];
const REVERSE: &str = "def reverse_words(s):\n    return \" \".join(s.split()[::-1])\n";

/// A program long enough to be compared (well past the similarity's minimum size).
const SHARED: &str = "def helper(values):\n    totals = {}\n    for index, value in enumerate(values):\n        \
                      key = (value * 31 + index) % 97\n        totals[key] = totals.get(key, 0) + value\n    \
                      ordered = sorted(totals.items(), key=lambda pair: (-pair[1], pair[0]))\n    \
                      return [f'{key}={total}' for key, total in ordered if total > 2]\n";

fn field(answer: &verdict_tests::http::Answer) -> Option<String> {
    answer.error().1
}

async fn invite(team: &mut Client, id: &str, name: &str) -> (String, String) {
    let body = json!({"name": name, "email": format!("{}@x.test", name.to_lowercase())});
    let invited =
        ok(&team.post(&format!("/api/assessments/{id}/invitations"), body).await, StatusCode::CREATED, "invite");
    (
        invited["invitation"]["id"].as_str().unwrap_or_default().to_owned(),
        token_of(invited["link"].as_str().unwrap_or_default()),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pool_spreads_candidates_evenly_each_sees_only_their_problem_and_the_report_names_it() {
    let service = TestService::start(queue(2, 32)).await;
    let router = service.service.router();
    let mut team = member(&service, &router, "lead@acme.test", "Acme").await;
    let now = crate::private::now_millis();

    // A pool member must be usable, and named once; the 422 names it by its place.
    for (problems, expected) in [
        (json!([{"pool": ["calculate-pi"], "points": 10}]), "problems[0].pool"),
        (json!([{"pool": ["calculate-pi", "no-such-problem"], "points": 10}]), "problems[0].pool[1]"),
        (
            json!([{"slug": "is-palindrome", "points": 1}, {"pool": ["calculate-pi", "is-palindrome"], "points": 10}]),
            "problems[1].pool[1]",
        ),
        (json!([{"slug": "calculate-pi", "pool": POOL, "points": 10}]), "problems[0]"),
    ] {
        let refused = team.post("/api/assessments", assessment_input(now, problems)).await;
        assert_eq!(
            (refused.status, field(&refused).as_deref()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(expected)),
            "{}",
            refused.text
        );
    }
    let created = team.post("/api/assessments", assessment_input(now, json!([{"pool": POOL, "points": 10}]))).await;
    let assessment = ok(&created, StatusCode::CREATED, "create");
    let slot = &assessment["problems"][0];
    assert_eq!(
        (slot["slug"].clone(), slot["kind"].as_str(), assessment["total_points"].as_u64()),
        (Value::Null, Some("pool"), Some(10)),
        "{assessment}"
    );
    let members: Vec<&str> = slot["pool"].as_array().into_iter().flatten().filter_map(|m| m["slug"].as_str()).collect();
    assert_eq!(members, POOL, "{assessment}");
    let id = assessment["id"].as_str().unwrap_or_default().to_owned();

    // Six candidates start: two to a problem, and each sees and opens only theirs.
    let mut drawn = BTreeMap::new();
    let mut candidates = Vec::new();
    for name in ["Ada", "Bo", "Cy", "Di", "Ed", "Flo"] {
        let (inv, token) = invite(&mut team, &id, name).await;
        let mut candidate = Client::new(router.clone());
        let before = ok(&candidate.get(&format!("/api/attempts/{token}")).await, StatusCode::OK, "attempt");
        assert_eq!(before["problems"], json!([]), "nothing before Start: {before}");
        let started =
            ok(&candidate.post(&format!("/api/attempts/{token}/start"), json!({})).await, StatusCode::OK, "start");
        let problems = started["problems"].as_array().cloned().unwrap_or_default();
        assert_eq!(problems.len(), 1, "one problem from the pool: {started}");
        let mine = problems[0]["slug"].as_str().unwrap_or_default().to_owned();
        assert_eq!(problems[0]["points"], 10);
        for other in POOL {
            let status = candidate.get(&format!("/api/attempts/{token}/problems/{other}")).await.status;
            let expected = if other == mine { StatusCode::OK } else { StatusCode::NOT_FOUND };
            assert_eq!(status, expected, "{name} opening {other} (drew {mine})");
        }
        let elsewhere = POOL.iter().find(|p| **p != mine).copied().unwrap_or_default();
        let refused = candidate
            .post(&format!("/api/attempts/{token}/submissions"), json!({"problem": elsewhere, "code": PI}))
            .await;
        assert_eq!(
            (refused.status, field(&refused).as_deref()),
            (StatusCode::NOT_FOUND, Some("problem")),
            "{}",
            refused.text
        );
        // The same long program as everyone's draft: only candidates of one problem are paired.
        let saved = candidate.put(&format!("/api/attempts/{token}/drafts/{mine}"), json!({"code": SHARED})).await;
        ok(&saved, StatusCode::NO_CONTENT, "draft");
        *drawn.entry(mine.clone()).or_insert(0) += 1;
        candidates.push((name, inv, token, mine));
    }
    assert_eq!(drawn.values().copied().collect::<Vec<_>>(), [2, 2, 2], "{drawn:?}");

    // Ada submits a right answer to her problem.
    let (_, ada_inv, ada_token, ada_problem) = candidates[0].clone();
    let code = match ada_problem.as_str() {
        "calculate-pi" => PI,
        "is-palindrome" => PALINDROME,
        _ => REVERSE,
    };
    let mut ada = Client::new(router.clone());
    let body = json!({"problem": ada_problem, "code": code});
    ok(&ada.post(&format!("/api/attempts/{ada_token}/submissions"), body).await, StatusCode::ACCEPTED, "submit");
    let report = settled_report(&mut team, &id).await;
    for (name, _, _, mine) in &candidates {
        let row = crate::row(&report, name);
        assert_eq!(
            (row["problems"][0]["slug"].as_str(), row["problems"][0]["pool"].as_bool()),
            (Some(mine.as_str()), Some(true)),
            "{row}"
        );
    }
    assert_eq!(crate::row(&report, "Ada")["score"], 10.0, "{report}");

    let pairs = ok(&team.get(&format!("/api/assessments/{id}/similarity")).await, StatusCode::OK, "similarity");
    let pairs = pairs["pairs"].as_array().cloned().unwrap_or_default();
    // Ada's final code is her answer now: one pair for each of the two other problems, and no
    // pair of candidates who drew different problems, though all six drafts were the same.
    assert_eq!(pairs.len(), 2, "one pair per problem, never across: {pairs:?}");
    let problem_of = |inv: &str| candidates.iter().find(|c| c.1 == inv).map(|c| c.3.clone());
    for pair in &pairs {
        let (a, b) = (
            pair["a"]["invitation"].as_str().unwrap_or_default(),
            pair["b"]["invitation"].as_str().unwrap_or_default(),
        );
        assert_eq!(problem_of(a), problem_of(b), "{pair}");
        assert_eq!(pair["problem"].as_str().map(str::to_owned), problem_of(a));
    }

    // The exports name the drawn problem.
    let export = ok(&team.get(&format!("/api/assessments/{id}/export.json")).await, StatusCode::OK, "export");
    let exported = export["candidates"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["name"] == "Ada"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(exported["problems"][0]["slug"].as_str(), Some(ada_problem.as_str()), "{exported}");
    let csv = team.get(&format!("/api/assessments/{id}/report.csv")).await.text;
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    let at = header.iter().position(|h| *h == "drawn:pool1").unwrap_or_else(|| panic!("no drawn column: {csv}"));
    assert!(header.contains(&"points:pool1"), "{csv}");
    let ada_row: Vec<&str> = lines.find(|l| l.starts_with("Ada,")).unwrap_or_default().split(',').collect();
    assert_eq!(ada_row.get(at).copied(), Some(ada_problem.as_str()), "{csv}");
    let detail =
        ok(&team.get(&format!("/api/assessments/{id}/candidates/{ada_inv}")).await, StatusCode::OK, "candidate");
    assert_eq!(
        (detail["problems"][0]["slug"].as_str(), detail["problems"][0]["score"].as_f64()),
        (Some(ada_problem.as_str()), Some(10.0)),
        "{detail}"
    );

    // A restart changes no draw.
    let TestService { service: running, data } = service;
    running.shut_down(std::time::Duration::ZERO).await;
    let restarted = TestService::start_in(data.path(), queue(1, 8)).await;
    for (name, _, token, mine) in &candidates {
        let mut candidate = Client::new(restarted.router());
        let attempt = ok(&candidate.get(&format!("/api/attempts/{token}")).await, StatusCode::OK, "attempt");
        assert_eq!(attempt["problems"][0]["slug"].as_str(), Some(mine.as_str()), "{name} after a restart: {attempt}");
    }
}

/// The names of the tests `sliding-window-max`'s generator makes with `seed`, run here with
/// Python itself (not through Verdict).
fn generated_names(seed: u64) -> Vec<String> {
    let generator = problems_dir().join("sliding-window-max/generator.py");
    let script = format!(
        "import json, random\nexec(open({:?}).read())\nprint(json.dumps([t['name'] for t in generate(random.Random({seed}), 4)]))",
        generator.display().to_string()
    );
    let output = std::process::Command::new("python3").args(["-c", &script]).output().expect("python3");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("names")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_variant_problem_gives_each_candidate_their_own_tests_judged_with_their_own_seed() {
    let service = TestService::start(queue(0, 8)).await;
    let router = service.service.router();
    let mut team = member(&service, &router, "lead@acme.test", "Acme").await;
    let input = assessment_input(crate::private::now_millis(), json!([{"slug": "sliding-window-max", "points": 10}]));
    let id = ok(&team.post("/api/assessments", input).await, StatusCode::CREATED, "create")["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let (a_inv, a_token) = invite(&mut team, &id, "Ada").await;
    let (b_inv, b_token) = invite(&mut team, &id, "Bo").await;
    for token in [&a_token, &b_token] {
        ok(
            &Client::new(router.clone()).post(&format!("/api/attempts/{token}/start"), json!({})).await,
            StatusCode::OK,
            "start",
        );
    }
    let report = ok(&team.get(&format!("/api/assessments/{id}/report")).await, StatusCode::OK, "report");
    let seed = |name: &str| {
        crate::row(&report, name)["problems"][0]["variant"].as_u64().unwrap_or_else(|| panic!("no variant: {report}"))
    };
    let (a_seed, b_seed) = (seed("Ada"), seed("Bo"));
    assert_ne!(a_seed, b_seed, "each candidate has their own seed");
    let (a_names, b_names) = (generated_names(a_seed), generated_names(b_seed));
    assert_ne!(a_names, b_names, "different seeds, different tests");

    // Code right on every input but the size of one of Ada's generated tests that Bo's lack.
    let size = |name: &String| name.split_whitespace().nth(1).and_then(|n| n.strip_prefix("n=")).map(str::to_owned);
    let trap = a_names
        .iter()
        .filter_map(size)
        .find(|n| !b_names.iter().filter_map(size).any(|m| &m == n))
        .expect("a size only Ada's tests have");
    let reference =
        std::fs::read_to_string(problems_dir().join("sliding-window-max/submissions/accepted/reference.py"))
            .expect("reference");
    let code =
        reference.replace("    if k < 1:", &format!("    if len(nums) == {trap}:\n        return []\n    if k < 1:"));
    // Submitted to a node that judges nothing; judged after a restart by one that does.
    for token in [&a_token, &b_token] {
        let body = json!({"problem": "sliding-window-max", "code": code});
        ok(
            &Client::new(router.clone()).post(&format!("/api/attempts/{token}/submissions"), body).await,
            StatusCode::ACCEPTED,
            "submit",
        );
    }
    let session = team.cookie("verdict_session").unwrap_or_default().to_owned();
    let TestService { service: running, data } = service;
    running.shut_down(std::time::Duration::ZERO).await;
    let judging = TestService::start_in(data.path(), queue(2, 8)).await;
    let mut team = Client::new(judging.router());
    team.set_cookie("verdict_session", &session);
    let report = settled_report(&mut team, &id).await;
    let verdict = |name: &str| crate::row(&report, name)["problems"][0]["verdict"].as_str().map(str::to_owned);
    assert_eq!((verdict("Ada").as_deref(), verdict("Bo").as_deref()), (Some("WA"), Some("AC")), "{report}");
    assert_eq!(seed("Ada"), a_seed, "the seed is the attempt's, not the node's");

    // The team's report lists each candidate's own generated tests.
    for (inv, names) in [(&a_inv, &a_names), (&b_inv, &b_names)] {
        let detail =
            ok(&team.get(&format!("/api/assessments/{id}/candidates/{inv}")).await, StatusCode::OK, "candidate");
        let listed: Vec<String> = detail["problems"][0]["tests"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|t| t["source"].as_str().is_some_and(|s| s.contains("generat")))
            .filter_map(|t| t["name"].as_str().map(str::to_owned))
            .collect();
        assert_eq!(&listed, names, "{detail}");
    }
}
