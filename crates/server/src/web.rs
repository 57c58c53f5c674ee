//! The candidate's and the team's web app: the built files embedded in the binary at compile
//! time, in every profile (so a binary needs nothing beside it, and the tests serve what a
//! release serves), or a folder given with `--web` for development. Either way a path that is
//! not a file gets `index.html`, the single-page app routing in the browser (except under
//! `/assets/`, where a missing file is a 404, so an old name never caches the index as a script);
//! without a built app every page says how to build it.
//!
//! The build (web/build.mjs) names every asset by its content and writes a brotli and a gzip copy
//! beside it: this module picks the copy the browser accepts (`Accept-Encoding`) and never
//! compresses per request, and lets browsers keep hashed assets for a year. It must never
//! mark anything but a content-hashed file as immutable.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::middleware::Next;
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
        let router = match self {
            WebApp::Embedded => Router::new().fallback(embedded),
            WebApp::Dir(dir) => {
                // The same copies, found beside each file (`x.js.br`, `x.js.gz`) as build.mjs writes them.
                let assets = ServeDir::new(dir.join(HASHED_DIR)).precompressed_br().precompressed_gzip();
                let index = ServeFile::new(dir.join(INDEX)).precompressed_br().precompressed_gzip();
                let pages = ServeDir::new(&dir).precompressed_br().precompressed_gzip().fallback(index);
                Router::new().nest_service(&format!("/{HASHED_DIR}"), assets).fallback_service(pages)
            }
        };
        router.layer(axum::middleware::from_fn(cache_control))
    }
}

const INDEX: &str = "index.html";
/// The folder where build.mjs puts every file under a content-hashed name, and nothing else.
const HASHED_DIR: &str = "assets";
/// A content-hashed file never changes under its name (a new build gives new names): a year, and
/// no revalidation.
const HASHED_CACHE: &str = "public, max-age=31536000, immutable";
/// Everything else (the index page naming the current assets) is revalidated on every visit, so a
/// new build is seen at once.
const UNHASHED_CACHE: &str = "no-cache";

/// Whether a request path names a content-hashed asset: an answer anyone may cache for a year, so
/// it must never carry anything of one visitor (the candidate cookie layer sets none on it).
pub(crate) fn is_hashed_asset(path: &str) -> bool {
    path.strip_prefix('/').and_then(|rest| rest.strip_prefix(HASHED_DIR)).is_some_and(|rest| rest.starts_with('/'))
}

/// How long a browser may keep what it was sent: a found hashed asset for a year, anything else
/// (the index, a 404 for an old asset name) not without asking again.
async fn cache_control(request: Request, next: Next) -> Response {
    let hashed = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    let found = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
    let value = if hashed && found { HASHED_CACHE } else { UNHASHED_CACHE };
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

/// A stored copy of a file: as built, or compressed by build.mjs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

impl Encoding {
    /// The copy's name beside the file, and its `Content-Encoding`.
    fn suffix_and_header(self) -> Option<(&'static str, &'static str)> {
        match self {
            Encoding::Brotli => Some((".br", "br")),
            Encoding::Gzip => Some((".gz", "gzip")),
            Encoding::Identity => None,
        }
    }
}

/// The encodings an `Accept-Encoding` header allows, best first (brotli, the smaller, before
/// gzip; the file as it is always last). An encoding is allowed when named with a q above 0, or
/// when not named and `*` has a q above 0 (RFC 9110 §12.5.3); a malformed q allows nothing.
fn accepted(header: Option<&HeaderValue>) -> Vec<Encoding> {
    let mut named: [Option<bool>; 2] = [None, None];
    let mut any = false;
    for item in header.and_then(|v| v.to_str().ok()).unwrap_or("").split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let mut q = Some(1.0_f32);
        for param in parts {
            if let Some((key, value)) = param.split_once('=') {
                if key.trim().eq_ignore_ascii_case("q") {
                    q = value.trim().parse::<f32>().ok();
                }
            }
        }
        let allowed = q.is_some_and(|q| q > 0.0);
        match name.as_str() {
            "br" => named[0] = Some(allowed),
            "gzip" | "x-gzip" => named[1] = Some(allowed),
            "*" => any = allowed,
            _ => {}
        }
    }
    let mut order: Vec<Encoding> = [Encoding::Brotli, Encoding::Gzip]
        .into_iter()
        .zip(named)
        .filter(|(_, named)| named.unwrap_or(any))
        .map(|(encoding, _)| encoding)
        .collect();
    order.push(Encoding::Identity);
    order
}

/// One embedded file by its path (the copy the browser accepts), or the index page for the
/// browser's router.
async fn embedded(uri: Uri, headers: HeaderMap) -> Response {
    let requested = uri.path().trim_start_matches('/');
    let path = if !requested.is_empty() && Dist::get(requested).is_some() {
        requested
    } else if requested.starts_with(&format!("{HASHED_DIR}/")) {
        return (StatusCode::NOT_FOUND, "no such asset: the page may be from an older build; reload it")
            .into_response();
    } else {
        INDEX
    };
    let Some(file) = Dist::get(path) else {
        return not_built("the web app built into this binary");
    };
    let content_type =
        HeaderValue::from_str(file.metadata.mimetype()).unwrap_or(HeaderValue::from_static("application/octet-stream"));
    let (data, encoding) = accepted(headers.get(header::ACCEPT_ENCODING))
        .into_iter()
        .find_map(|encoding| match encoding.suffix_and_header() {
            Some((suffix, name)) => Dist::get(&format!("{path}{suffix}")).map(|copy| (copy.data, Some(name))),
            None => Some((file.data.clone(), None)),
        })
        .unwrap_or((file.data, None));
    let mut response = Response::new(Body::from(data));
    let response_headers = response.headers_mut();
    response_headers.insert(header::CONTENT_TYPE, content_type);
    // Caches must keep one copy per encoding, even of the plain one.
    response_headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Some(name) = encoding {
        response_headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(name));
    }
    response
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

    /// The answer to a GET: status, headers and body.
    async fn get_from(app: &WebApp, path: &str, accept_encoding: Option<&str>) -> (StatusCode, HeaderMap, Vec<u8>) {
        let mut request = axum::http::Request::builder().uri(path);
        if let Some(value) = accept_encoding {
            request = request.header(header::ACCEPT_ENCODING, value);
        }
        let request = request.body(Body::empty()).expect("a request");
        let response = app.clone().router().oneshot(request).await.expect("an answer");
        let status = response.status();
        let headers = response.headers().clone();
        let body = axum::body::to_bytes(response.into_body(), 1 << 24).await.expect("a body");
        (status, headers, body.to_vec())
    }

    async fn get(path: &str) -> (StatusCode, String, String) {
        let (status, headers, body) = get_from(&WebApp::Embedded, path, None).await;
        (status, header_of(&headers, header::CONTENT_TYPE), String::from_utf8_lossy(&body).into_owned())
    }

    fn header_of(headers: &HeaderMap, name: header::HeaderName) -> String {
        headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned()
    }

    #[test]
    fn accept_encoding_picks_brotli_then_gzip_and_honours_q_zero_and_the_wildcard() {
        use Encoding::{Brotli, Gzip, Identity};
        let of = |value: &str| accepted(Some(&HeaderValue::from_str(value).expect("a header value")));
        assert_eq!(accepted(None), [Identity]);
        assert_eq!(of(""), [Identity]);
        assert_eq!(of("gzip, deflate, br, zstd"), [Brotli, Gzip, Identity]);
        assert_eq!(of("gzip"), [Gzip, Identity]);
        assert_eq!(of("BR;q=0.5 , x-gzip"), [Brotli, Gzip, Identity]);
        assert_eq!(of("br;q=0, gzip"), [Gzip, Identity]);
        assert_eq!(of("br;q=0.0, gzip;q=0"), [Identity]);
        assert_eq!(of("*"), [Brotli, Gzip, Identity]);
        assert_eq!(of("*;q=0.1, br;q=0"), [Gzip, Identity]);
        assert_eq!(of("*;q=0"), [Identity]);
        assert_eq!(of("br;q=nonsense"), [Identity], "a malformed q allows nothing");
        assert_eq!(of("identity, deflate"), [Identity]);
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
        // An asset name from an older build is not answered with the index (a script would get HTML).
        let (status, _, body) = get("/assets/app-OLDBUILD.js").await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    }

    #[tokio::test]
    async fn the_embedded_app_sends_the_precompressed_copy_the_browser_accepts_and_caches_only_hashed_assets() {
        if Dist::get(INDEX).is_none() {
            return; // built without the web app: the test above checks the page that says so
        }
        let asset = Dist::iter()
            .find(|name| name.starts_with("assets/app-") && name.ends_with(".js"))
            .expect("build.mjs names the entry script app-<hash>.js");
        let raw = Dist::get(&asset).expect("the asset").data;
        let brotli = Dist::get(&format!("{asset}.br")).expect("build.mjs writes a brotli copy").data;
        let gzip = Dist::get(&format!("{asset}.gz")).expect("build.mjs writes a gzip copy").data;
        assert!(brotli.len() < raw.len() && gzip.len() < raw.len());
        let path = format!("/{asset}");
        for (accept, encoding, body) in [
            (Some("gzip, deflate, br"), "br", &brotli),
            (Some("gzip"), "gzip", &gzip),
            (Some("br;q=0, gzip"), "gzip", &gzip),
            (None, "", &raw),
            (Some("identity"), "", &raw),
        ] {
            let (status, headers, served) = get_from(&WebApp::Embedded, &path, accept).await;
            assert_eq!(status, StatusCode::OK, "{accept:?}");
            assert_eq!(header_of(&headers, header::CONTENT_ENCODING), encoding, "{accept:?}");
            assert_eq!(served.as_slice(), body.as_ref(), "{accept:?}: the stored copy, as it is");
            assert_eq!(header_of(&headers, header::CONTENT_TYPE), "text/javascript", "{accept:?}");
            assert_eq!(header_of(&headers, header::VARY), "accept-encoding", "{accept:?}");
            assert_eq!(header_of(&headers, header::CACHE_CONTROL), HASHED_CACHE, "{accept:?}");
        }
        for path in ["/", "/index.html", "/problems/two-sum"] {
            let (status, headers, _) = get_from(&WebApp::Embedded, path, Some("br")).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            assert_eq!(header_of(&headers, header::CONTENT_ENCODING), "br", "{path}");
            assert_eq!(header_of(&headers, header::CACHE_CONTROL), UNHASHED_CACHE, "{path}");
        }
        let (status, headers, _) = get_from(&WebApp::Embedded, "/assets/app-OLDBUILD.js", Some("br")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(header_of(&headers, header::CACHE_CONTROL), UNHASHED_CACHE, "a 404 is not kept");
    }

    #[tokio::test]
    async fn a_web_folder_is_served_with_the_same_copies_and_cache_headers() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let write = |name: &str, body: &str| {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("a folder");
            std::fs::write(path, body).expect("a file");
        };
        write("index.html", "<!doctype html><title>plain</title>");
        write("index.html.br", "index in brotli");
        write("assets/app-HASH.js", "export const plain = 1;");
        write("assets/app-HASH.js.br", "script in brotli");
        write("assets/app-HASH.js.gz", "script in gzip");
        let app = WebApp::Dir(dir.path().to_owned());
        for (accept, encoding, body) in [
            (Some("gzip, br"), "br", "script in brotli"),
            (Some("gzip"), "gzip", "script in gzip"),
            (None, "", "export const plain = 1;"),
        ] {
            let (status, headers, served) = get_from(&app, "/assets/app-HASH.js", accept).await;
            assert_eq!(status, StatusCode::OK, "{accept:?}");
            assert_eq!(header_of(&headers, header::CONTENT_ENCODING), encoding, "{accept:?}");
            assert_eq!(String::from_utf8_lossy(&served), body, "{accept:?}");
            assert_eq!(header_of(&headers, header::VARY), "accept-encoding", "{accept:?}");
            assert_eq!(header_of(&headers, header::CACHE_CONTROL), HASHED_CACHE, "{accept:?}");
        }
        for path in ["/", "/problems/two-sum"] {
            let (status, headers, served) = get_from(&app, path, Some("br")).await;
            assert_eq!(
                (status, String::from_utf8_lossy(&served).as_ref()),
                (StatusCode::OK, "index in brotli"),
                "{path}"
            );
            assert_eq!(header_of(&headers, header::CACHE_CONTROL), UNHASHED_CACHE, "{path}");
        }
        let (status, headers, _) = get_from(&app, "/assets/app-OLDBUILD.js", Some("br")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(header_of(&headers, header::CACHE_CONTROL), UNHASHED_CACHE);
    }

    #[test]
    fn only_paths_under_assets_are_hashed_assets() {
        assert!(is_hashed_asset("/assets/app-X.js"));
        assert!(!is_hashed_asset("/assets"));
        assert!(!is_hashed_asset("/assetsfoo/x.js"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/"));
    }
}
