//! Grade a `web` test, outside the box: the responses the candidate's app gave, compared with
//! the expected ones exchange by exchange. The first that differs decides; a sample's message
//! shows what differs with both values, a hidden test's only which exchange and what part.

use crate::checker::Checker;
use crate::graded::Graded;
use crate::harness::{Outcome, Recorded, Reply, Response};
use crate::prepared::{PreparedTest, Visibility};
use crate::report::QueryLog;
use crate::verdict::Verdict;
use serde_json::{json, Map, Value};
use verdict_catalog::{Exchange, Expected, Problem, TestInput};

/// The content type's media type (`application/json`), lower-case, without parameters.
fn media_type(value: &str) -> String {
    value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

impl Response {
    fn body(&self) -> Option<(&'static str, Value)> {
        match (&self.json, &self.text) {
            (Some(json), _) => Some(("json", json.clone())),
            (None, Some(text)) => Some(("text", Value::String(text.clone()))),
            (None, None) => None,
        }
    }

    fn has_body(&self) -> bool {
        self.json.is_some() || self.text.as_deref().is_some_and(|t| !t.is_empty())
    }

    /// The response as an expected answer: the status, the compared headers (null when
    /// absent, so that an answer sending one differs), the content type's media type when there
    /// is a body, and the body.
    fn as_expected(&self, compared: &[String]) -> Value {
        let mut headers = Map::new();
        for name in compared {
            headers.insert(name.clone(), self.headers.get(name).map_or(Value::Null, |v| Value::String(v.clone())));
        }
        if self.has_body() {
            if let Some(content_type) = self.headers.get("content-type") {
                headers.insert("content-type".into(), Value::String(media_type(content_type)));
            }
        }
        let mut object = Map::new();
        object.insert("status".into(), json!(self.status));
        object.insert("headers".into(), Value::Object(headers));
        if let Some((key, body)) = self.body() {
            object.insert(key.into(), body);
        }
        Value::Object(object)
    }

    /// The response as a report shows it.
    fn shown(&self) -> Value {
        let mut object = Map::new();
        object.insert("status".into(), json!(self.status));
        object.insert("headers".into(), json!(self.headers));
        if let Some((key, body)) = self.body() {
            object.insert(key.into(), body);
        }
        if self.truncated {
            object.insert("truncated".into(), Value::Bool(true));
        }
        if let Some(exception) = &self.exception {
            object.insert("exception".into(), Value::String(exception.clone()));
        }
        if let Some(queries) = &self.queries {
            object.insert("queries".into(), json!(queries.count));
        }
        Value::Object(object)
    }
}

/// What part of a response differs from the expected one.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Difference {
    Status {
        expected: Value,
        actual: u16,
    },
    Header {
        name: String,
        expected: Value,
        actual: Option<String>,
    },
    /// JSON where text was expected, or the other way round.
    BodyKind {
        expected: &'static str,
        actual: &'static str,
    },
    Body,
}

impl Difference {
    /// What differs, without the values (all a hidden test tells).
    fn part(&self) -> String {
        match self {
            Difference::Status { .. } => "the status differs".into(),
            Difference::Header { name, .. } => format!("the header {name} differs"),
            Difference::BodyKind { .. } | Difference::Body => "the body differs".into(),
        }
    }

    /// What differs, with both values (a sample's).
    fn describe(&self) -> String {
        let header = |v: Option<&str>| v.map_or("none".to_owned(), |v| format!("\"{v}\""));
        match self {
            Difference::Status { expected, actual } => {
                format!("the status differs: expected {expected}, got {actual}")
            }
            Difference::Header { name, expected, actual } => format!(
                "the header {name} differs: expected {}, got {}",
                header(expected.as_str()),
                header(actual.as_deref())
            ),
            Difference::BodyKind { expected, actual } => {
                format!("the body differs: expected a {expected} body, got {actual}")
            }
            Difference::Body => "the body differs".into(),
        }
    }
}

/// The first difference between an expected response and the actual one.
pub(crate) fn compare(expected: &Value, actual: &Response) -> Option<Difference> {
    if expected.get("status").and_then(Value::as_u64) != Some(u64::from(actual.status)) {
        let expected = expected.get("status").cloned().unwrap_or(Value::Null);
        return Some(Difference::Status { expected, actual: actual.status });
    }
    if let Some(headers) = expected.get("headers").and_then(Value::as_object) {
        for (name, want) in headers {
            let got = actual.headers.get(name);
            let equal = match (want, got) {
                (Value::Null, None) => true,
                (Value::String(want), Some(got)) if name == "content-type" => media_type(want) == media_type(got),
                (Value::String(want), Some(got)) => want == got,
                _ => false,
            };
            if !equal {
                return Some(Difference::Header { name: name.clone(), expected: want.clone(), actual: got.cloned() });
            }
        }
    }
    let kind = |json: bool| if json { "JSON" } else { "text" };
    match (expected.get("json"), expected.get("text"), &actual.json, &actual.text) {
        (Some(want), _, Some(got), _) => (!Checker::Exact.values_match(want, got)).then_some(Difference::Body),
        (_, Some(want), None, Some(got)) => (want.as_str() != Some(got.as_str())).then_some(Difference::Body),
        (Some(_), _, None, _) => Some(Difference::BodyKind { expected: kind(true), actual: kind(false) }),
        (_, Some(_), Some(_), _) => Some(Difference::BodyKind { expected: kind(false), actual: kind(true) }),
        // No body given in the expected response: not compared.
        _ => None,
    }
}

/// Grades a web test's reply.
pub(crate) fn grade_exchanges(
    problem: &Problem,
    test: &PreparedTest,
    expected: Option<&Expected>,
    reply: Reply,
) -> Graded {
    let TestInput::Exchanges { exchanges, .. } = &test.case.input else {
        return Graded::fail(Verdict::IE, "not a web test".into(), reply.stdout);
    };
    let stdout = reply.stdout;
    let responses = match reply.outcome {
        Outcome::Exchanged { responses } => responses,
        Outcome::Raised(raised) if raised.out_of_memory => {
            return Graded::fail(Verdict::MLE, "memory limit exceeded".into(), stdout)
        }
        // The app did not load (an import failed, its module raised): no request was sent.
        Outcome::Raised(raised) => return Graded::fail(Verdict::RE, raised.traceback, stdout),
        Outcome::MissingEntry { message } => return Graded::fail(Verdict::RE, message, stdout),
        other => {
            let message = format!("the harness reported `{}`: {}", other.status(), other.explanation());
            return Graded::fail(Verdict::IE, message, stdout);
        }
    };
    if responses.len() != exchanges.len() {
        let message = format!("{} responses came back for {} requests", responses.len(), exchanges.len());
        return Graded::fail(Verdict::RE, message, stdout);
    }
    let compared = problem.manifest.web.as_ref().map(|w| w.headers.clone()).unwrap_or_default();
    let answer = Expected::Value(Value::Array(responses.iter().map(|r| r.as_expected(&compared)).collect()));
    let actual = Value::Array(responses.iter().map(Response::shown).collect());
    let queries = worst_exchange(problem, &responses);
    let mut graded = match expected {
        None => Graded::new(Verdict::AC, Some(actual), stdout, None, Some(answer)),
        Some(Expected::Value(Value::Array(wanted))) if wanted.len() == responses.len() => {
            let first = wanted.iter().zip(&responses).enumerate().find_map(|(i, (w, r))| Some((i, compare(w, r)?)));
            match first {
                None => Graded::new(Verdict::AC, Some(actual), stdout, None, Some(answer)),
                Some((index, difference)) => {
                    let message = message(test, exchanges, index, &difference, &responses[index]);
                    Graded::new(Verdict::WA, Some(actual), stdout, Some(message), Some(answer))
                }
            }
        }
        Some(_) => Graded::new(Verdict::IE, Some(actual), stdout, Some("expected responses unknown".into()), None),
    };
    if let (Some((index, log, tampered)), Some(_)) = (queries, expected) {
        let budget = log.budget;
        if let Some(how) = tampered {
            graded.verdict = Verdict::RE;
            graded.message = Some(format!(
                "The SQL query recorder was tampered with ({how}), so the queries this app sent cannot be counted \
                 against the budget."
            ));
        } else if let Some(budget) = budget.filter(|&b| graded.verdict == Verdict::AC && log.count > b) {
            graded.verdict = Verdict::QLE;
            graded.message = Some(format!(
                "Too many queries: exchange {} of {} ({}) sent {} SQL queries where this problem allows {budget} per \
                 request. The responses are right, but a query per row (the N+1 pattern) is the usual cause: load \
                 related rows up front (select_related, prefetch_related, joinedload, selectinload) or let the \
                 database aggregate. That exchange's queries are listed below.",
                index + 1,
                exchanges.len(),
                exchanges[index].summary(),
                log.count
            ));
        }
        graded.queries = Some(log);
    }
    graded
}

/// Why a response differs, for the test's detail: a hidden test's names the exchange and the
/// part only (its detail never reaches a candidate, and its message tells no value either).
fn message(
    test: &PreparedTest,
    exchanges: &[Exchange],
    index: usize,
    difference: &Difference,
    actual: &Response,
) -> String {
    let at = format!("exchange {} of {}", index + 1, exchanges.len());
    if test.visibility == Visibility::Hidden {
        return format!("{at}: {}", difference.part());
    }
    let mut message = format!("{at} ({}): {}", exchanges[index].summary(), difference.describe());
    if let Some(exception) = &actual.exception {
        message.push_str(&format!("; the view raised {exception}"));
    }
    message
}

/// The exchange that sent the most statements (the first over the budget, or with a tampered
/// recorder), with its log.
fn worst_exchange(problem: &Problem, responses: &[Response]) -> Option<(usize, QueryLog, Option<String>)> {
    let budget = problem.manifest.orm.as_ref().and_then(|o| o.max_queries);
    let recorded: Vec<(usize, &Recorded)> =
        responses.iter().enumerate().filter_map(|(i, r)| Some((i, r.queries.as_ref()?))).collect();
    let (index, worst) = recorded
        .iter()
        .find(|(_, r)| r.tampered.is_some())
        .or_else(|| recorded.iter().find(|(_, r)| budget.is_some_and(|b| r.count > b)))
        .or_else(|| recorded.iter().max_by_key(|(_, r)| r.count))?;
    let log = QueryLog { count: worst.count, budget, statements: worst.statements.clone() };
    Some((*index, log, worst.tampered.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(value: Value) -> Response {
        serde_json::from_value(value).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn status_headers_and_body_are_compared_in_that_order() {
        let got = response(json!({"status": 200, "headers": {"content-type": "application/json", "location": "/n/1"},
                                  "json": {"id": 1, "tags": [1.0, 2]}}));
        let same = json!({"status": 200, "headers": {"location": "/n/1", "content-type": "application/json"},
                          "json": {"tags": [1, 2.0], "id": 1}});
        assert_eq!(compare(&same, &got), None, "numbers 1 == 1.0, key order ignored");
        assert!(matches!(compare(&json!({"status": 201}), &got), Some(Difference::Status { actual: 200, .. })));
        let header = compare(&json!({"status": 200, "headers": {"location": "/n/2"}}), &got);
        assert!(matches!(header, Some(Difference::Header { ref name, .. }) if name == "location"), "{header:?}");
        let absent = compare(&json!({"status": 200, "headers": {"location": null}}), &got);
        assert!(absent.is_some(), "a header that must be absent");
        let missing = compare(&json!({"status": 200, "headers": {"etag": "x"}}), &got);
        assert!(matches!(missing, Some(Difference::Header { actual: None, .. })), "missing differs");
        assert_eq!(compare(&json!({"status": 200, "json": {"id": 2, "tags": [1, 2]}}), &got), Some(Difference::Body));
        assert_eq!(
            compare(&json!({"status": 200, "text": "{\"id\": 1}"}), &got),
            Some(Difference::BodyKind { expected: "text", actual: "JSON" })
        );
        assert_eq!(compare(&json!({"status": 200}), &got), None, "no body given: not compared");
        let charset = response(json!({"status": 200, "headers": {"content-type": "application/json; charset=utf-8"},
                                      "json": null}));
        assert_eq!(
            compare(&json!({"status": 200, "headers": {"content-type": "application/json"}, "json": null}), &charset),
            None,
            "the media type only, and a JSON null body is a body"
        );
        let text = response(json!({"status": 404, "headers": {}, "text": "gone"}));
        assert_eq!(compare(&json!({"status": 404, "text": "gone"}), &text), None);
        assert_eq!(compare(&json!({"status": 404, "text": "gone\n"}), &text), Some(Difference::Body));
        assert_eq!(
            compare(&json!({"status": 404, "json": "gone"}), &text),
            Some(Difference::BodyKind { expected: "JSON", actual: "text" })
        );
    }

    #[test]
    fn the_reference_answer_keeps_the_compared_headers_and_the_media_type_of_a_body() {
        let created = response(json!({"status": 201, "headers": {"content-type": "application/json; charset=utf-8",
                                      "location": "/n/1", "date": "now"}, "json": {"id": 1}}));
        assert_eq!(
            created.as_expected(&["location".into(), "etag".into()]),
            json!({"status": 201, "headers": {"location": "/n/1", "etag": null, "content-type": "application/json"},
                   "json": {"id": 1}})
        );
        let empty = response(json!({"status": 204, "headers": {"content-type": "text/html"}, "text": ""}));
        assert_eq!(empty.as_expected(&[]), json!({"status": 204, "headers": {}, "text": ""}));
        // An answer is equal to what it records.
        assert_eq!(compare(&created.as_expected(&["location".into()]), &created), None);
    }

    #[test]
    fn a_hidden_tests_message_names_the_exchange_and_part_but_no_value() {
        let exchanges: Vec<Exchange> = serde_json::from_value(json!([
            {"method": "POST", "path": "/secret-path", "json": {"x": 1}}, {"path": "/n/1"}
        ]))
        .unwrap_or_else(|e| panic!("{e}"));
        let got = response(json!({"status": 200, "headers": {}, "text": "", "exception": "KeyError: 'x'"}));
        let difference = Difference::Status { expected: json!(201), actual: 200 };
        let case = verdict_catalog::TestCase {
            name: None,
            weight: 1.0,
            group: None,
            input: TestInput::Exchanges { dataset: None, tables: Value::Null, exchanges: exchanges.clone() },
            expected: Expected::FromReference,
            line: 0,
        };
        let mut test = PreparedTest { number: 1, visibility: Visibility::Sample, case };
        assert_eq!(
            message(&test, &exchanges, 0, &difference, &got),
            "exchange 1 of 2 (POST /secret-path): the status differs: expected 201, got 200; the view raised \
             KeyError: 'x'"
        );
        test.visibility = Visibility::Hidden;
        assert_eq!(message(&test, &exchanges, 0, &difference, &got), "exchange 1 of 2: the status differs");
    }
}
