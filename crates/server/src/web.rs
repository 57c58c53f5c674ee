//! The candidate's and the team's web app: the built files embedded in the binary at compile
//! time, in every profile (so a binary needs nothing beside it, and the tests serve what a
//! release serves), or a folder given with `--web` for development. Either way a path that is not a file gets `index.html`, the single-page app
//! routing in the browser; without a built app every page says how to build it.

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use axum::Router;
use std::path::{Path, PathBuf};
use tower_http::services::{ServeDir, ServeFile};

/// The web app as `npm run build` left it in `crates/server/web/dist` when the crate was built.
/// Missing there, the build warns (see build.rs) and the binary serves the page that says so.
#[derive(rust_embed::Embed)]
#[folder = "web/dist"]
#[allow_missing = true]
struct Dist;

/// Where the web app comes from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum WebApp {
    /// The files built into the binary.
    #[default]
    Embedded,
    /// A folder of built files, read as they are now (`--web DIR`).
    Dir(PathBuf),
}

impl From<PathBuf> for WebApp {
    fn from(dir: PathBuf) -> Self {
        WebApp::Dir(dir)
    }
}

impl From<&Path> for WebApp {
    fn from(dir: &Path) -> Self {
        WebApp::Dir(dir.to_owned())
    }
}

impl WebApp {
    /// Whether there is an app to serve.
    pub fn is_built(&self) -> bool {
        match self {
            WebApp::Embedded => Dist::get(INDEX).is_some(),
            WebApp::Dir(dir) => dir.join(INDEX).is_file(),
        }
    }

    /// A router answering every path with the app's files, else its index page.
    pub fn router(self) -> Router {
        if !self.is_built() {
            let missing = match &self {
                WebApp::Embedded => "the web app built into this binary".to_owned(),
                WebApp::Dir(dir) => format!("<code>{}/{INDEX}</code>", dir.display()),
            };
            return Router::new().fallback(move || std::future::ready(not_built(&missing)));
        }
        match self {
            WebApp::Embedded => Router::new().fallback(embedded),
            WebApp::Dir(dir) => {
                let index = dir.join(INDEX);
                Router::new().fallback_service(ServeDir::new(dir).fallback(ServeFile::new(index)))
            }
        }
    }
}

const INDEX: &str = "index.html";

/// One embedded file by its path, or the index page for the browser's router.
async fn embedded(uri: Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    let file = match Dist::get(path).filter(|_| !path.is_empty()).or_else(|| Dist::get(INDEX)) {
        Some(file) => file,
        None => return not_built("the web app built into this binary"),
    };
    let content_type =
        HeaderValue::from_str(file.metadata.mimetype()).unwrap_or(HeaderValue::from_static("application/octet-stream"));
    ([(header::CONTENT_TYPE, content_type)], Body::from(file.data)).into_response()
}

fn not_built(missing: &str) -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Html(format!(
            "<!doctype html><title>Verdict</title><h1>The web app is not built</h1>\
             <p>No {missing}. Build it with <code>./scripts/just web</code> \
             (or start with <code>./scripts/just serve</code>, which builds it); the API is at \
             <a href=\"/api/openapi.json\">/api/openapi.json</a>.</p>"
        )),
    )
        .into_response()
}

#[cfg(test)]
mod unit {
    use super::*;
    use tower::ServiceExt;

    async fn get(path: &str) -> (StatusCode, String, String) {
        let request = axum::http::Request::builder().uri(path).body(Body::empty()).expect("a request");
        let response = WebApp::Embedded.router().oneshot(request).await.expect("an answer");
        let status = response.status();
        let content_type =
            response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        let body = axum::body::to_bytes(response.into_body(), 1 << 24).await.expect("a body");
        (status, content_type, String::from_utf8_lossy(&body).into_owned())
    }

    #[tokio::test]
    async fn the_embedded_app_serves_its_files_and_its_index_for_any_other_path() {
        let Some(index) = Dist::get(INDEX) else {
            // Built without `web/dist` (build.rs warned): every page says how to build it.
            let (status, _, body) = get("/").await;
            assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
            assert!(body.contains("not built"), "{body}");
            return;
        };
        let index = String::from_utf8_lossy(&index.data).into_owned();
        for path in ["/", "/index.html", "/a/some-token", "/no/such/page"] {
            assert_eq!(get(path).await, (StatusCode::OK, "text/html".to_owned(), index.clone()), "{path}");
        }
        let asset = Dist::iter().find(|name| name.ends_with(".js")).expect("the app has a script");
        let (status, content_type, body) = get(&format!("/{asset}")).await;
        assert_eq!((status, content_type.as_str()), (StatusCode::OK, "text/javascript"), "{asset}");
        assert_ne!(body, index, "a file is served as itself");
    }
}
