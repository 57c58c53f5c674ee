//! The candidate's text before it reaches the server: one statement, of a kind the problem
//! allows. PostgreSQL's tokenizer rules (quotes, dollar quotes, nested comments) come from
//! sqlparser's tokenizer; the server stays the judge of the syntax itself, and of privileges.

use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer};

pub(crate) const MORE_THAN_ONE: &str =
    "write one SQL statement: the answer holds more than one (statements end at ';')";

/// Why a statement is not run, and where in the candidate's text the reason is when it is
/// somewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub message: String,
    /// 1-based line and column (in characters) in the candidate's text.
    pub at: Option<(u32, u32)>,
}

impl Refusal {
    fn new(message: impl Into<String>, at: Option<(u32, u32)>) -> Self {
        Self { message: message.into(), at }
    }
}

/// Why a statement the server accepts is still not run: the tokenizer could not read it, so
/// neither its kind nor its end is known here.
pub(crate) const UNREAD: &str = "the statement could not be read here (an unusual quote or comment?), so it is not run";

/// A statement to give the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Accepted<'a> {
    pub statement: &'a str,
    /// Set when the tokenizer could not read the text (an unterminated quote or comment): the
    /// server's parse is wanted for its error and position, but a statement that parses anyway
    /// must not run unchecked.
    pub unread: bool,
}

/// The one statement of `text` (up to and without its first `;`), or why it is refused.
/// `modifies`: the problem asks for a data change (INSERT, UPDATE, DELETE, MERGE).
pub(crate) fn accept(text: &str, modifies: bool) -> Result<Accepted<'_>, Refusal> {
    check(text, modifies)
        .map(|statement| Accepted { statement: statement.unwrap_or(text), unread: statement.is_none() })
}

/// The statement, `None` when the text cannot be tokenized.
fn check(text: &str, modifies: bool) -> Result<Option<&str>, Refusal> {
    let Ok(tokens) = Tokenizer::new(&PostgreSqlDialect {}, text).tokenize_with_location() else { return Ok(None) };
    let significant: Vec<&TokenWithSpan> =
        tokens.iter().filter(|t| !matches!(t.token, Token::Whitespace(_) | Token::EOF)).collect();
    if significant.iter().all(|t| t.token == Token::SemiColon) {
        return Err(Refusal::new("the answer is empty: write one SQL statement", None));
    }
    let statement = match significant.iter().position(|t| t.token == Token::SemiColon) {
        Some(end) => {
            if let Some(next) = significant[end..].iter().find(|t| t.token != Token::SemiColon) {
                let at = (next.span.start.line as u32, next.span.start.column as u32);
                return Err(Refusal::new(MORE_THAN_ONE, Some(at)));
            }
            let semicolon = significant[end].span.start;
            &text[..byte_offset(text, semicolon.line as u32, semicolon.column as u32)]
        }
        None => text,
    };
    let first = significant.iter().find(|t| t.token != Token::LParen);
    let Some(first) = first else { return Ok(Some(statement)) };
    let at = Some((first.span.start.line as u32, first.span.start.column as u32));
    let keyword = match &first.token {
        Token::Word(word) => word.keyword,
        _ => return Ok(Some(statement)),
    };
    match kind_of(keyword) {
        Kind::Query => Ok(Some(statement)),
        Kind::DataChange if modifies => Ok(Some(statement)),
        Kind::DataChange => Err(Refusal::new(
            format!(
                "{} is not allowed: this problem asks for a query that reads, and the database is read-only",
                keyword_text(&first.token)
            ),
            at,
        )),
        Kind::Transaction => {
            Err(Refusal::new("transaction control (BEGIN, COMMIT, ROLLBACK, SAVEPOINT) is not allowed", at))
        }
        Kind::Schema => Err(Refusal::new(
            format!(
                "{} is not allowed: schema changes are not, write one {}",
                keyword_text(&first.token),
                if modifies { "statement that changes the data" } else { "query" }
            ),
            at,
        )),
        Kind::Copy => Err(Refusal::new("COPY is not allowed: the statement runs on the problem's tables only", at)),
        Kind::Other => Err(Refusal::new(
            format!(
                "{} is not allowed: write one {}",
                keyword_text(&first.token),
                if modifies {
                    "statement that changes the data (INSERT, UPDATE, DELETE)"
                } else {
                    "query (SELECT or WITH ... SELECT)"
                }
            ),
            at,
        )),
    }
}

enum Kind {
    Query,
    DataChange,
    Transaction,
    Schema,
    Copy,
    Other,
}

fn kind_of(keyword: Keyword) -> Kind {
    use Keyword as K;
    match keyword {
        K::SELECT | K::WITH | K::VALUES | K::TABLE => Kind::Query,
        K::INSERT | K::UPDATE | K::DELETE | K::MERGE => Kind::DataChange,
        K::BEGIN | K::START | K::COMMIT | K::END | K::ROLLBACK | K::ABORT | K::SAVEPOINT | K::RELEASE => {
            Kind::Transaction
        }
        K::CREATE
        | K::ALTER
        | K::DROP
        | K::TRUNCATE
        | K::COMMENT
        | K::GRANT
        | K::REVOKE
        | K::REINDEX
        | K::CLUSTER
        | K::VACUUM
        | K::ANALYZE
        | K::REFRESH
        | K::SECURITY
        | K::IMPORT => Kind::Schema,
        K::COPY => Kind::Copy,
        _ => Kind::Other,
    }
}

fn keyword_text(token: &Token) -> String {
    match token {
        Token::Word(word) => word.value.to_ascii_uppercase(),
        other => other.to_string(),
    }
}

/// The byte offset of a 1-based line and character column in `text`.
pub(crate) fn byte_offset(text: &str, line: u32, column: u32) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    text[start..].char_indices().nth(column.saturating_sub(1) as usize).map_or(text.len(), |(i, _)| start + i)
}

/// The 1-based line and column of a 1-based character position (as the server reports one).
pub(crate) fn line_and_column(text: &str, position: u32) -> (u32, u32) {
    let before: String = text.chars().take(position.saturating_sub(1) as usize).collect();
    let line = before.matches('\n').count() as u32 + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
    (line, column)
}

/// The text of a 1-based line, for showing under an error.
pub(crate) fn line_text(text: &str, line: u32) -> String {
    text.lines().nth(line.saturating_sub(1) as usize).unwrap_or_default().to_owned()
}

#[cfg(test)]
mod unit {
    use super::*;

    fn accept(text: &str, modifies: bool) -> Result<&str, Refusal> {
        super::accept(text, modifies).map(|a| a.statement)
    }

    #[test]
    fn text_the_tokenizer_cannot_read_goes_to_the_server_marked_unread() {
        let unread = super::accept("SELECT 'open", false).expect("left to the server");
        assert_eq!(unread, Accepted { statement: "SELECT 'open", unread: true });
        assert!(!super::accept("SELECT 'closed'", false).expect("read").unread);
    }

    #[test]
    fn one_statement_is_kept_without_its_semicolon_and_a_second_is_refused_where_it_starts() {
        assert_eq!(accept("SELECT 1;  ;\n-- done\n", false), Ok("SELECT 1"));
        assert_eq!(accept("SELECT ';' AS x", false), Ok("SELECT ';' AS x"));
        assert_eq!(accept("SELECT $$a;b$$", false), Ok("SELECT $$a;b$$"));
        let refused = accept("SELECT 1;\n  SELECT 2", false).expect_err("two statements");
        assert_eq!(refused, Refusal::new(MORE_THAN_ONE, Some((2, 3))));
        assert!(accept(" ; -- nothing", false).is_err());
    }

    #[test]
    fn kinds_are_refused_by_their_first_keyword() {
        let message = |sql: &str, modifies| accept(sql, modifies).expect_err("refused").message;
        assert!(message("update t set a = 1", false).starts_with("UPDATE is not allowed: this problem asks"));
        assert_eq!(accept("update t set a = 1", true), Ok("update t set a = 1"));
        assert!(message("COMMIT", true).starts_with("transaction control"));
        assert!(message("create table x (a int)", false).starts_with("CREATE is not allowed: schema changes"));
        assert!(message("COPY t TO STDOUT", false).starts_with("COPY is not allowed"));
        assert!(message("SET role postgres", false).starts_with("SET is not allowed"));
        assert_eq!(accept("(SELECT 1) UNION (SELECT 2)", false), Ok("(SELECT 1) UNION (SELECT 2)"));
    }

    #[test]
    fn positions_count_characters_from_one() {
        let text = "SELECT 'é'\nFROMM t";
        assert_eq!(line_and_column(text, 12), (2, 1));
        assert_eq!(byte_offset(text, 2, 1), text.find("FROMM").expect("there"));
        assert_eq!(line_text(text, 2), "FROMM t");
    }
}
