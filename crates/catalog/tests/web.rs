//! The `web` kind's package format: `[web]`, a test's exchanges and its expected responses.

use serde_json::json;
use verdict_catalog::tests::parse_tests;
use verdict_catalog::{Expected, Kind, Manifest, TestInput, WebFramework, WebSpec};

#[test]
fn exchanges_parse_with_defaults_and_one_body_at_most() {
    let source = r#"[{"exchanges": [
        {"path": "/notes"},
        {"method": "post", "path": "/notes", "headers": {"Authorization": "Bearer t"}, "json": {"text": "hi"}},
        {"method": "PUT", "path": "/notes/1", "form": {"text": "x"}},
        {"method": "PATCH", "path": "/notes/1", "body": "raw"}
    ]}]"#;
    let tests = parse_tests(source, Kind::Web).expect("valid");
    let TestInput::Exchanges { exchanges, dataset, .. } = &tests[0].input else { panic!("exchanges") };
    assert_eq!(dataset, &None);
    assert_eq!(exchanges[0].method, "GET");
    assert_eq!(exchanges[1].method, "POST", "methods are upper-cased");
    assert_eq!(exchanges[1].headers.get("Authorization").map(String::as_str), Some("Bearer t"));
    assert_eq!(exchanges[1].json, Some(json!({"text": "hi"})));
    assert_eq!(exchanges[2].form.as_ref().and_then(|f| f.get("text")).map(String::as_str), Some("x"));
    assert_eq!(exchanges[3].body.as_deref(), Some("raw"));
    assert_eq!(tests[0].expected, Expected::FromReference);
    let null =
        parse_tests(r#"[{"exchanges": [{"method": "PUT", "path": "/n", "json": null}]}]"#, Kind::Web).expect("valid");
    let TestInput::Exchanges { exchanges: with_null, .. } = &null[0].input else { panic!("exchanges") };
    assert_eq!(with_null[0].json, Some(serde_json::Value::Null), "a JSON null body is a body");
    assert_eq!(serde_json::to_value(&with_null[0]).ok(), Some(json!({"method": "PUT", "path": "/n", "json": null})));
    // The harness's form: what the file said, absent bodies left out.
    assert_eq!(serde_json::to_value(&exchanges[0]).ok(), Some(json!({"method": "GET", "path": "/notes"})));

    for (bad, says) in [
        (r#"[{"exchanges": [{"path": "/a", "json": 1, "form": {"a": "b"}}]}]"#, "at most one"),
        (r#"[{"exchanges": [{"method": "BREW", "path": "/a"}]}]"#, "method `BREW`"),
        (r#"[{"exchanges": [{"path": "a"}]}]"#, "start with `/`"),
        (r#"[{"exchanges": [{"path": "/a", "query": 1}]}]"#, "query"),
        (r#"[{"exchanges": []}]"#, "1 to 50"),
        (r#"[{"exchanges": [{"path": "/a", "headers": {"X-A": "1\r\nX-B: 2"}}]}]"#, "one-line value"),
        (r#"[{"exchanges": [{"path": "/a", "headers": {"X A": "1"}}]}]"#, "header `X A`"),
        (r#"[{"args": []}]"#, "`exchanges`"),
    ] {
        let errors = parse_tests(bad, Kind::Web).expect_err(bad);
        assert!(errors[0].message.contains(says), "{bad}: {errors:?}");
    }
}

#[test]
fn an_expected_list_has_one_response_per_exchange() {
    let good = r#"[{"exchanges": [{"method": "POST", "path": "/n", "json": {}}, {"path": "/n/1"}],
                    "expected": [{"status": 201, "headers": {"location": "/n/1"}, "json": {"id": 1}},
                                 {"status": 404, "headers": {"location": null}, "text": "gone"}]}]"#;
    let tests = parse_tests(good, Kind::Web).expect("valid");
    assert!(matches!(&tests[0].expected, Expected::Value(v) if v.as_array().map(Vec::len) == Some(2)));
    for (bad, says) in [
        (r#"[{"exchanges": [{"path": "/n"}], "expected": {"status": 200}}]"#, "is a list"),
        (r#"[{"exchanges": [{"path": "/n"}], "expected": []}]"#, "0 responses for 1"),
        (r#"[{"exchanges": [{"path": "/n"}], "expected": [{"status": 99}]}]"#, "status"),
        (r#"[{"exchanges": [{"path": "/n"}], "expected": [{"status": 200, "json": 1, "text": ""}]}]"#, "not both"),
        (r#"[{"exchanges": [{"path": "/n"}], "expected": [{"status": 200, "headers": {"X-A": "1"}}]}]"#, "lower"),
        (r#"[{"exchanges": [{"path": "/n"}], "expected": [{"status": 200, "body": ""}]}]"#, "unknown key"),
        (r#"[{"exchanges": [{"path": "/n"}], "raises": "ValueError"}]"#, "`raises`"),
    ] {
        let errors = parse_tests(bad, Kind::Web).expect_err(bad);
        assert!(errors[0].message.contains(says), "{bad}: {errors:?}");
    }
}

#[test]
fn a_web_manifest_needs_its_table_and_a_matching_orm() {
    let manifest = |web: &str, orm: &str| {
        format!(
            "slug = \"p\"\ntitle = \"t\"\ndifficulty = \"easy\"\ntopics = [\"flask\"]\nkind = \"web\"\n\
             {web}{orm}"
        )
    };
    let keys = |text: &str| {
        let m: Manifest = toml::from_str(text).unwrap_or_else(|e| panic!("{e}"));
        verdict_catalog::manifest::validate(&m, "p").into_iter().map(|(k, _)| k).collect::<Vec<_>>()
    };
    let flask = "[web]\nframework = \"flask\"\nheaders = [\"location\"]\n";
    let parsed: Manifest = toml::from_str(&manifest(flask, "")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        parsed.web,
        Some(WebSpec { framework: WebFramework::Flask, app: "app".into(), headers: vec!["location".into()] })
    );
    assert!(keys(&manifest(flask, "")).is_empty());
    assert_eq!(keys(&manifest("", "")), ["kind"]);
    assert_eq!(keys(&manifest("[web]\nframework = \"flask\"\nheaders = [\"Location\"]\n", "")), ["web.headers"]);
    assert_eq!(keys(&manifest("[web]\nframework = \"flask\"\napp = \"my app\"\n", "")), ["web.app"]);
    let shop = |framework: &str| format!("[orm]\nframework = \"{framework}\"\nschema = \"shop\"\nmax_queries = 3\n");
    assert!(keys(&manifest("[web]\nframework = \"django\"\n", &shop("django"))).is_empty());
    assert!(keys(&manifest("[web]\nframework = \"fastapi\"\n", &shop("sqlalchemy"))).is_empty());
    assert_eq!(keys(&manifest("[web]\nframework = \"fastapi\"\n", &shop("django"))), ["orm.framework"]);
    assert_eq!(keys(&manifest("[web]\nframework = \"django\"\n", &shop("sqlalchemy"))), ["orm.framework"]);
    assert!(toml::from_str::<Manifest>(&manifest("[web]\nframework = \"bottle\"\n", "")).is_err());
    let function = "slug = \"p\"\ntitle = \"t\"\ndifficulty = \"easy\"\nkind = \"function\"\nentry = \"f\"\n";
    assert_eq!(keys(&format!("{function}{flask}")), ["web"]);
}

#[test]
fn a_custom_input_brings_tables_exactly_when_the_app_has_a_schema() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let load = |slug: &str| verdict_catalog::load_problem(&root.join(slug)).unwrap_or_else(|e| panic!("{e:?}"));
    let flask = load("web-flask-notes");
    let exchanges = json!([{"method": "POST", "path": "/notes", "json": {"text": "x"}}]);
    let input = flask.parse_input(&json!({"exchanges": exchanges})).expect("valid");
    assert!(matches!(input, TestInput::Exchanges { dataset: None, .. }), "{input:?}");
    let tables = json!({"customer": {"columns": ["id"], "rows": [[1]]}});
    let refused = flask.parse_input(&json!({"exchanges": exchanges, "tables": tables})).expect_err("no schema");
    assert!(refused.contains("no database"), "{refused}");
    let django = load("web-django-orders");
    assert!(django.parse_input(&json!({"exchanges": exchanges})).expect_err("no tables").contains("`tables`"));
    let input = django.parse_input(&json!({"exchanges": exchanges, "tables": tables})).expect("valid");
    assert!(matches!(input, TestInput::Exchanges { dataset: Some(_), .. }), "{input:?}");
    assert!(flask.parse_input(&json!({"exchanges": [{"path": "x"}]})).is_err(), "requests are checked too");
}
