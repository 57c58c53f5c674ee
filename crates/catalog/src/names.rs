//! The names a package may use: the topics a problem may list, and identifiers (entry points,
//! modules, apps, table names).

/// The topics a problem may list.
pub const TOPICS: &[&str] = &[
    "strings",
    "numbers",
    "lists",
    "dicts-sets",
    "comprehensions",
    "functions-closures",
    "generators-iterators",
    "decorators",
    "context-managers",
    "classes-dunder",
    "dataclasses",
    "exceptions",
    "recursion",
    "sorting-searching",
    "algorithms",
    "design-patterns",
    "asyncio",
    "typing",
    "standard-library",
    "scripting",
    "testing",
    "mocking",
    "debugging",
    "sql-filtering",
    "sql-joins",
    "sql-aggregation",
    "sql-null-logic",
    "sql-subqueries",
    "sql-window-functions",
    "sql-data-changes",
    "django-orm",
    "sqlalchemy",
    "query-performance",
    "transactions",
    "pandas",
    "numpy",
    "flask",
    "fastapi",
    "django-views",
    "http-apis",
];

/// Whether `name` is a Python identifier.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_alphabetic()) && chars.all(|c| c == '_' || c.is_alphanumeric())
}
