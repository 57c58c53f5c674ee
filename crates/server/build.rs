//! The web app is embedded in the binary from `web/dist`: rebuild when it changes, and say so
//! plainly when it was never built (the binary then serves a page telling how to build it).

fn main() {
    println!("cargo:rerun-if-changed=web/dist");
    if !std::path::Path::new("web/dist/index.html").is_file() {
        println!(
            "cargo:warning=crates/server/web/dist/index.html is missing: this binary will serve no web app. \
             Build it first with `./scripts/just web` (or `cd crates/server/web && npm run build`)."
        );
    }
}
