//! The OpenAPI document `/api/openapi.json` serves, kept as a reviewed snapshot: any change to
//! a path, a parameter or a schema of the API shows up as a diff of `snapshots/`.

#[test]
fn the_openapi_document_is_the_reviewed_one() {
    let document = verdict_server::router::openapi_document();
    let text = serde_json::to_string_pretty(&document).expect("the document serialises");
    insta::assert_snapshot!("openapi", text);
}
