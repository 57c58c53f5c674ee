//! A result value, from PostgreSQL's text output to JSON by the column's type: integers,
//! floats and numerics are numbers, booleans are booleans, json and jsonb are their JSON value,
//! NULL is null, and every other type is its text output (with the session's DateStyle
//! `ISO, YMD`, TimeZone `UTC` and IntervalStyle `postgres`).

use postgres::types::Type;
use serde_json::{Number, Value};

/// The JSON of one value of type `ty` given as PostgreSQL's text output (`None`: NULL).
pub(crate) fn to_json(ty: &Type, text: Option<&str>) -> Value {
    let Some(text) = text else { return Value::Null };
    match *ty {
        Type::INT2 | Type::INT4 | Type::INT8 | Type::OID => {
            text.parse::<i64>().map_or_else(|_| Value::String(text.to_owned()), Value::from)
        }
        Type::FLOAT4 | Type::FLOAT8 | Type::NUMERIC => number(text),
        Type::BOOL => match text {
            "t" => Value::Bool(true),
            "f" => Value::Bool(false),
            other => Value::String(other.to_owned()),
        },
        Type::JSON | Type::JSONB => serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned())),
        _ => Value::String(text.to_owned()),
    }
}

/// A numeric's text as a JSON number: whole values as integers ("12" -> 12, "12.00" stays
/// 12.0), others as the nearest double ("12.50" -> 12.5). NaN and the infinities, which JSON
/// has no number for, stay text.
fn number(text: &str) -> Value {
    if let Ok(whole) = text.parse::<i64>() {
        return Value::from(whole);
    }
    text.parse::<f64>().ok().and_then(Number::from_f64).map_or_else(|| Value::String(text.to_owned()), Value::Number)
}

#[cfg(test)]
mod unit {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_type_becomes_the_json_pg_md_names() {
        assert_eq!(to_json(&Type::INT8, Some("42")), json!(42));
        assert_eq!(to_json(&Type::NUMERIC, Some("12.50")), json!(12.5));
        assert_eq!(to_json(&Type::NUMERIC, Some("7")), json!(7));
        assert_eq!(to_json(&Type::NUMERIC, Some("NaN")), json!("NaN"));
        assert_eq!(to_json(&Type::FLOAT8, Some("0.1")), json!(0.1));
        assert_eq!(to_json(&Type::BOOL, Some("t")), json!(true));
        assert_eq!(to_json(&Type::JSONB, Some("{\"a\": [1, 2]}")), json!({"a": [1, 2]}));
        assert_eq!(to_json(&Type::DATE, Some("2024-01-31")), json!("2024-01-31"));
        assert_eq!(to_json(&Type::INTERVAL, Some("1 day 02:00:00")), json!("1 day 02:00:00"));
        assert_eq!(to_json(&Type::TEXT_ARRAY, Some("{a,b}")), json!("{a,b}"));
        assert_eq!(to_json(&Type::TEXT, None), Value::Null);
    }
}
