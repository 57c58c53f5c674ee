//! A connection string as it may be shown: without its password.

/// `url` without its password, in either form PostgreSQL takes: a URL
/// (`postgresql://user:secret@host/db?password=secret`) or key=value pairs
/// (`host=h password='s e'`).
pub fn without_password(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => format!("{scheme}://{}", url_without_password(rest)),
        None => pairs_without_password(url),
    }
}

fn url_without_password(rest: &str) -> String {
    let (base, query) = match rest.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (rest, None),
    };
    let authority_end = base.find('/').unwrap_or(base.len());
    let (authority, path) = base.split_at(authority_end);
    let authority = match authority.rsplit_once('@') {
        Some((user_info, hosts)) => {
            let user = user_info.split_once(':').map_or(user_info, |(user, _)| user);
            format!("{user}@{hosts}")
        }
        None => authority.to_owned(),
    };
    let query =
        query.map(|query| query.split('&').filter(|pair| !pair.starts_with("password=")).collect::<Vec<_>>().join("&"));
    match query {
        Some(query) if !query.is_empty() => format!("{authority}{path}?{query}"),
        _ => format!("{authority}{path}"),
    }
}

/// Drops `password=...` (a quoted value may hold spaces and `\'`).
fn pairs_without_password(text: &str) -> String {
    let mut kept = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let (pair, after) = split_pair(rest);
        if !pair.trim_start().starts_with("password") || !pair.contains('=') {
            kept.push(pair.trim());
        }
        rest = after.trim_start();
    }
    kept.join(" ")
}

/// The first `key=value` pair of `text` and what follows it.
fn split_pair(text: &str) -> (&str, &str) {
    let Some(equals) = text.find('=') else { return (text, "") };
    let value = &text[equals + 1..];
    let value_start = value.len() - value.trim_start().len();
    let value = value.trim_start();
    let end = if let Some(quoted) = value.strip_prefix('\'') {
        let mut escaped = false;
        let close = quoted.char_indices().find(|&(_, c)| {
            let closes = c == '\'' && !escaped;
            escaped = c == '\\' && !escaped;
            closes
        });
        close.map_or(value.len(), |(i, _)| i + 2)
    } else {
        value.find(char::is_whitespace).unwrap_or(value.len())
    };
    let split = equals + 1 + value_start + end;
    (&text[..split], &text[split..])
}

#[cfg(test)]
mod tests {
    use super::without_password;

    #[test]
    fn a_url_loses_its_password_and_keeps_the_rest() {
        assert_eq!(without_password("postgresql://app:s3cr@t@db:5432/verdict"), "postgresql://app@db:5432/verdict");
        assert_eq!(without_password("postgres://app@db/verdict"), "postgres://app@db/verdict");
        assert_eq!(
            without_password("postgres://db/verdict?password=x&sslmode=disable"),
            "postgres://db/verdict?sslmode=disable"
        );
        assert_eq!(without_password("postgres://u:p@h"), "postgres://u@h");
    }

    #[test]
    fn key_value_pairs_lose_the_password_even_quoted() {
        assert_eq!(without_password("host=db password=secret user=app"), "host=db user=app");
        assert_eq!(without_password("host=db password='a \\' b' dbname=x"), "host=db dbname=x");
        assert_eq!(without_password("password = secret host=db"), "host=db");
    }
}
