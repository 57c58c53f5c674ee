//! The trusted Python that runs inside the box, embedded in one place.
//!
//! Every file under `sandbox/python/` that a Rust crate ships into the box is named here as a
//! constant, so the sources live at one path and are `include_str!`-ed once. The crates that
//! use them decide what to do with them: the sandbox runs `run_script.py`, the fork server
//! warms `zygote.py` and `verdict_runtime.py`, the judge ships `harness.py` and chooses which
//! ORM schemas a run preloads, `verdict check` runs `mutate.py` and `examples.py`.
//!
//! This crate holds text only: it must never run, parse or confine anything, and it must never
//! hold expected answers or hidden tests (nothing here is secret from a candidate).

/// The judge's in-box harness: runs a candidate's code for one test and reports its values.
pub const HARNESS: &str = include_str!("../../../sandbox/python/harness.py");
/// The scenario API, loaded in the box as the module `verdict` by the harness's scenario modes.
pub const SCENARIO_API: &str = include_str!("../../../sandbox/python/scenario.py");
/// Runs a `tests` problem's suite with pytest against one module under test, loaded by the
/// harness's `suite` mode from `/box/suite.py`.
pub const SUITE_RUNNER: &str = include_str!("../../../sandbox/python/suite.py");
/// The harness's `pandas` mode: builds a test's DataFrames and encodes the answer (a frame,
/// Series, array or scalar) as plain JSON; loaded by the harness from `/box/frames.py`.
pub const FRAMES: &str = include_str!("../../../sandbox/python/frames.py");
/// Sends a `web` test's requests to the candidate's app through the framework's test client,
/// loaded by the harness's `web` mode from `/box/web.py`.
pub const WEB_CLIENT: &str = include_str!("../../../sandbox/python/web.py");
/// Runs a candidate's script as `__main__`, the way `python3 main.py` would.
pub const RUN_SCRIPT: &str = include_str!("../../../sandbox/python/run_script.py");
/// Runs one Jobe API run (`crates/jobe`): the client's files copied into the working
/// directory, the source compiled (a syntax error after a marker line), then run as `__main__`.
pub const JOBE_RUN: &str = include_str!("../../../sandbox/python/jobe_run.py");
/// The name `jobe_run.py` has in `/box`, which no client's file may take.
pub const JOBE_RUN_NAME: &str = "verdict_jobe_run.py";
/// What in-box code may import beyond the standard library (`verdict_runtime`): Django and
/// SQLAlchemy set up on in-memory SQLite, and the shared ORM schemas it is given.
pub const RUNTIME_PY: &str = include_str!("../../../sandbox/python/verdict_runtime.py");
/// The module `verdict_runtime.py` is imported as.
pub const RUNTIME_MODULE: &str = "verdict_runtime";
/// The fork server's Python side: warms the interpreter, then runs each child's script.
pub const ZYGOTE_PY: &str = include_str!("../../../sandbox/python/zygote.py");
/// Asks an interpreter which files it loads (run outside the box, on the host's interpreter).
pub const PROBE_INTERPRETER: &str = include_str!("../../../sandbox/python/probe_interpreter.py");
/// `verdict check`'s mutation generator for `tests` problems.
pub const MUTATE: &str = include_str!("../../../sandbox/python/mutate.py");
/// `verdict check`'s reader of the examples in a statement.
pub const EXAMPLES: &str = include_str!("../../../sandbox/python/examples.py");

/// One shared ORM schema (a models module) for one framework.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrmSchema {
    pub schema: &'static str,
    pub framework: &'static str,
    pub source: &'static str,
}

impl OrmSchema {
    /// The module name `verdict_runtime` loads this schema's models under.
    pub fn module_name(&self) -> String {
        schema_module_name(self.schema, self.framework)
    }
}

/// The shared ORM schemas `verdict_runtime` can set up. In-box code reaches them through
/// `verdict_runtime.schema(framework, name)`.
pub const ORM_SCHEMAS: &[OrmSchema] = &[
    OrmSchema {
        schema: "company",
        framework: "django",
        source: include_str!("../../../sandbox/python/schemas/company_django.py"),
    },
    OrmSchema {
        schema: "company",
        framework: "sqlalchemy",
        source: include_str!("../../../sandbox/python/schemas/company_sqlalchemy.py"),
    },
    OrmSchema {
        schema: "library",
        framework: "django",
        source: include_str!("../../../sandbox/python/schemas/library_django.py"),
    },
    OrmSchema {
        schema: "library",
        framework: "sqlalchemy",
        source: include_str!("../../../sandbox/python/schemas/library_sqlalchemy.py"),
    },
    OrmSchema {
        schema: "shop",
        framework: "django",
        source: include_str!("../../../sandbox/python/schemas/shop_django.py"),
    },
    OrmSchema {
        schema: "shop",
        framework: "sqlalchemy",
        source: include_str!("../../../sandbox/python/schemas/shop_sqlalchemy.py"),
    },
];

/// The module name `verdict_runtime` loads a schema's models under (the same pattern as its
/// `Schema` class).
pub fn schema_module_name(schema: &str, framework: &str) -> String {
    format!("verdict_schema_{schema}_{framework}")
}

/// The shared schema for one framework, if there is such a schema.
pub fn orm_schema(schema: &str, framework: &str) -> Option<&'static OrmSchema> {
    ORM_SCHEMAS.iter().find(|s| s.schema == schema && s.framework == framework)
}

/// The source of a shared schema's models for one framework, if there is such a schema.
pub fn orm_schema_source(schema: &str, framework: &str) -> Option<&'static str> {
    orm_schema(schema, framework).map(|s| s.source)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schema_module_name_matches_the_runtimes_pattern() {
        assert!(RUNTIME_PY.contains(r#"return "verdict_schema_%s_%s" % (name, framework)"#));
        assert_eq!(schema_module_name("shop", "django"), "verdict_schema_shop_django");
        for schema in ORM_SCHEMAS {
            assert!(!schema.source.is_empty(), "{schema:?}");
            assert_eq!(orm_schema_source(schema.schema, schema.framework), Some(schema.source));
        }
        assert_eq!(orm_schema_source("nope", "django"), None);
    }
}
