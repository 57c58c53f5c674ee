//! Mutants of an SQL reference answer: the statement is parsed (in the problem's dialect), one change is
//! made to its syntax tree, and the tree is printed back. Each change is one a candidate could
//! make by mistake: a comparison flipped, a WHERE or HAVING condition left out, the wrong join,
//! `COUNT(*)` against `COUNT(col)`, DISTINCT, ASC/DESC, LIMIT and OFFSET, a window's frame or
//! partition, the wrong ranking function, a percentile interpolated or not.

use sqlparser::ast::{
    BinaryOperator, Distinct, Expr, Function, FunctionArg, FunctionArgExpr, FunctionArguments, GroupByExpr, Ident,
    JoinConstraint, JoinOperator, LimitClause, ObjectName, ObjectNamePart, OrderByExpr, OrderByKind, OrderBySort,
    Query, Select, SelectItem, SetExpr, SetQuantifier, Spanned, Statement, UnaryOperator, Value, VisitMut, VisitorMut,
    WindowFrameUnits, WindowType,
};
use sqlparser::dialect::{PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Span;
use std::ops::ControlFlow;
use verdict_catalog::SqlDialect;
use verdict_judge::mutants::RawMutant;

/// The reference statement, parsed (SQLite dialect); or why it cannot be.
pub fn parse(sql: &str) -> Result<Statement, String> {
    parse_in(sql, SqlDialect::Sqlite)
}

/// The reference statement, parsed in `dialect`; or why it cannot be.
pub fn parse_in(sql: &str, dialect: SqlDialect) -> Result<Statement, String> {
    let parsed = match dialect {
        SqlDialect::Sqlite => Parser::parse_sql(&SQLiteDialect {}, sql),
        SqlDialect::Postgres => Parser::parse_sql(&PostgreSqlDialect {}, sql),
    };
    let mut statements = parsed.map_err(|e| format!("the SQL parser: {e}"))?;
    match statements.len() {
        1 => Ok(statements.remove(0)),
        n => Err(format!("the SQL parser found {n} statements, not one")),
    }
}

/// Every mutant of `statement`. `ordered`: the rows' order is graded, so the top-level ORDER
/// BY matters; otherwise changing it cannot change a verdict and it is left alone (unless a
/// LIMIT makes the order choose the rows).
pub fn mutants(statement: &Statement, ordered: bool) -> Vec<RawMutant> {
    let top_level_query = matches!(statement, Statement::Query(_));
    let mut survey = Mutator::new(None, ordered, top_level_query);
    let mut copy = statement.clone();
    let _ = copy.visit(&mut survey);
    let mut out = Vec::with_capacity(survey.sites.len());
    for (target, site) in survey.sites.into_iter().enumerate() {
        let mut mutated = statement.clone();
        let mut apply = Mutator::new(Some(target), ordered, top_level_query);
        let _ = mutated.visit(&mut apply);
        out.push(RawMutant {
            line: site.span.start.line as u32,
            col: site.span.start.column as u32,
            operator: site.operator.to_owned(),
            description: site.description,
            source: format!("{mutated};"),
        });
    }
    out
}

struct Site {
    operator: &'static str,
    description: String,
    span: Span,
}

/// Walks a statement numbering every possible change; with a target, makes that one change.
struct Mutator {
    target: Option<usize>,
    seen: usize,
    sites: Vec<Site>,
    ordered: bool,
    top_level_query: bool,
    query_depth: usize,
    /// Per enclosing SELECT: the columns its joins match on, for `COUNT(*)` -> `COUNT(col)`.
    join_columns: Vec<Vec<Expr>>,
    /// Literals whose value nothing reads.
    skip_literals: Vec<Span>,
}

impl Mutator {
    fn new(target: Option<usize>, ordered: bool, top_level_query: bool) -> Self {
        Self {
            target,
            seen: 0,
            sites: Vec::new(),
            ordered,
            top_level_query,
            query_depth: 0,
            join_columns: Vec::new(),
            skip_literals: Vec::new(),
        }
    }

    /// Numbers one possible change; true when it is the one to make.
    fn offer(&mut self, operator: &'static str, description: impl Into<String>, span: Span) -> bool {
        let hit = self.target == Some(self.seen);
        self.seen += 1;
        if self.target.is_none() {
            self.sites.push(Site { operator, description: description.into(), span });
        }
        hit
    }

    fn at_top(&self) -> bool {
        self.top_level_query && self.query_depth == 1
    }

    fn order_by(&mut self, items: &mut [OrderByExpr]) {
        for item in items.iter_mut() {
            let (from, to) = match item.options.sort {
                Some(OrderBySort::Desc) => ("DESC", Some(OrderBySort::Asc)),
                Some(OrderBySort::Asc) | None => ("ASC", Some(OrderBySort::Desc)),
                _ => continue,
            };
            let flipped = if to == Some(OrderBySort::Asc) { "ASC" } else { "DESC" };
            if self.offer("order", format!("`{} {from}` -> `{flipped}`", item.expr), item.span()) {
                item.options.sort = to;
            }
        }
    }

    fn conjuncts(&mut self, clause: &'static str, condition: &mut Option<Expr>, span: Span) {
        let Some(expr) = condition.as_ref() else { return };
        let parts = split_and(expr);
        if parts.len() == 1 {
            if self.offer("condition", format!("{clause} `{expr}` dropped"), expr.span().union(&span)) {
                *condition = None;
            }
            return;
        }
        for i in 0..parts.len() {
            if self.offer("condition", format!("{clause} condition `{}` dropped", parts[i]), parts[i].span()) {
                let kept: Vec<Expr> =
                    parts.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, e)| e.clone()).collect();
                *condition = join_and(kept);
                return;
            }
        }
    }

    fn function(&mut self, f: &mut Function, span: Span) {
        let name = f.name.to_string().to_ascii_uppercase();
        if let FunctionArguments::List(list) = &mut f.args {
            if name == "COUNT" {
                match list.args.as_slice() {
                    [FunctionArg::Unnamed(FunctionArgExpr::Wildcard)] => {
                        let columns = self.join_columns.last().cloned().unwrap_or_default();
                        for column in columns {
                            if self.offer("count", format!("`COUNT(*)` -> `COUNT({column})`"), span) {
                                list.args = vec![FunctionArg::Unnamed(FunctionArgExpr::Expr(column))];
                            }
                        }
                    }
                    [FunctionArg::Unnamed(FunctionArgExpr::Expr(column))] => {
                        let hit = self.offer("count", format!("`COUNT({column})` -> `COUNT(*)`"), span);
                        if hit {
                            list.args = vec![FunctionArg::Unnamed(FunctionArgExpr::Wildcard)];
                            list.duplicate_treatment = None;
                        }
                    }
                    _ => {}
                }
            }
            if list.duplicate_treatment.is_some()
                && self.offer("distinct", format!("DISTINCT in `{name}` removed"), span)
            {
                list.duplicate_treatment = None;
            }
        }
        let swapped = match name.as_str() {
            "MIN" => Some("MAX"),
            "MAX" => Some("MIN"),
            "RANK" => Some("DENSE_RANK"),
            "DENSE_RANK" => Some("RANK"),
            "ROW_NUMBER" => Some("RANK"),
            "SUM" => Some("AVG"),
            "AVG" => Some("SUM"),
            "LAG" => Some("LEAD"),
            "LEAD" => Some("LAG"),
            // A median or quantile interpolated between two rows, or one of the rows.
            "PERCENTILE_CONT" => Some("PERCENTILE_DISC"),
            "PERCENTILE_DISC" => Some("PERCENTILE_CONT"),
            _ => None,
        };
        if let Some(new) = swapped {
            if self.offer("function", format!("`{name}` -> `{new}`"), span) {
                f.name = ObjectName(vec![ObjectNamePart::Identifier(Ident::new(new))]);
            }
        }
        if let Some(WindowType::WindowSpec(spec)) = &mut f.over {
            if !spec.partition_by.is_empty() && self.offer("window", format!("PARTITION BY of `{name}` dropped"), span)
            {
                spec.partition_by.clear();
            }
            let mut order = std::mem::take(&mut spec.order_by);
            self.order_by(&mut order);
            spec.order_by = order;
            if let Some(frame) = &mut spec.window_frame {
                let (from, to) = match frame.units {
                    WindowFrameUnits::Rows => ("ROWS", WindowFrameUnits::Range),
                    _ => ("RANGE", WindowFrameUnits::Rows),
                };
                let other = if from == "ROWS" { "RANGE" } else { "ROWS" };
                if self.offer("window", format!("frame `{from}` -> `{other}` in `{name}`"), span) {
                    frame.units = to;
                }
                if self.offer("window", format!("frame of `{name}` dropped"), span) {
                    spec.window_frame = None;
                }
            }
        }
    }
}

impl VisitorMut for Mutator {
    type Break = ();

    fn pre_visit_query(&mut self, query: &mut Query) -> ControlFlow<()> {
        self.query_depth += 1;
        let span = query.span();
        let limited = query.limit_clause.is_some();
        if let Some(order_by) = &mut query.order_by {
            // Without a LIMIT the top-level order matters only to an ordered problem.
            if !(self.at_top() && !self.ordered && !limited) {
                if let OrderByKind::Expressions(items) = &mut order_by.kind {
                    self.order_by(items);
                }
            }
        }
        if let Some(LimitClause::LimitOffset { limit, offset, .. }) = &mut query.limit_clause {
            if let Some(l) = limit.as_ref() {
                if self.offer("limit", format!("`LIMIT {l}` dropped"), l.span()) {
                    *limit = None;
                }
            }
            if let Some(o) = offset.as_ref() {
                if self.offer("limit", format!("`OFFSET {}` dropped", o.value), o.value.span()) {
                    *offset = None;
                }
            }
        }
        if let SetExpr::SetOperation { set_quantifier, op, .. } = query.body.as_mut() {
            let (from, to, new) = match set_quantifier {
                SetQuantifier::All => (format!("{op} ALL"), op.to_string(), SetQuantifier::None),
                _ => (op.to_string(), format!("{op} ALL"), SetQuantifier::All),
            };
            if self.offer("distinct", format!("`{from}` -> `{to}`"), span) {
                *set_quantifier = new;
            }
        }
        ControlFlow::Continue(())
    }

    fn post_visit_query(&mut self, _query: &mut Query) -> ControlFlow<()> {
        self.query_depth -= 1;
        ControlFlow::Continue(())
    }

    fn pre_visit_select(&mut self, select: &mut Select) -> ControlFlow<()> {
        let span = select.span();
        let grouped = !matches!(&select.group_by, GroupByExpr::Expressions(e, _) if e.is_empty());
        if let GroupByExpr::Expressions(items, _) = &mut select.group_by {
            if items.len() >= 2 {
                for i in 0..items.len() {
                    if self.offer("group-by", format!("`{}` dropped from GROUP BY", items[i]), items[i].span()) {
                        items.remove(i);
                        break;
                    }
                }
            }
        }
        match select.distinct {
            Some(Distinct::Distinct) => {
                let hit = self.offer("distinct", "`SELECT DISTINCT` -> `SELECT`", span);
                if hit {
                    select.distinct = None;
                }
            }
            // Adding DISTINCT inside a subquery (`IN (SELECT ...)`) or to grouped rows changes
            // nothing: only the statement's own ungrouped rows.
            None if self.at_top() && !grouped => {
                let hit = self.offer("distinct", "`SELECT` -> `SELECT DISTINCT`", span);
                if hit {
                    select.distinct = Some(Distinct::Distinct);
                }
            }
            _ => {}
        }
        let mut columns = Vec::new();
        for table in &mut select.from {
            for join in &mut table.joins {
                let relation = join.relation.to_string();
                let changed = match &join.join_operator {
                    JoinOperator::Join(c) | JoinOperator::Inner(c) => {
                        Some(("JOIN", "LEFT JOIN", JoinOperator::Left(c.clone())))
                    }
                    JoinOperator::Left(c) | JoinOperator::LeftOuter(c) => {
                        Some(("LEFT JOIN", "JOIN", JoinOperator::Join(c.clone())))
                    }
                    _ => None,
                };
                if let Some((from, to, new)) = changed {
                    if self.offer("join", format!("`{from} {relation}` -> `{to}`"), join.span()) {
                        join.join_operator = new;
                    }
                }
                if let JoinOperator::Join(JoinConstraint::On(on))
                | JoinOperator::Inner(JoinConstraint::On(on))
                | JoinOperator::Left(JoinConstraint::On(on))
                | JoinOperator::LeftOuter(JoinConstraint::On(on)) = &join.join_operator
                {
                    for e in split_and(on) {
                        if let Expr::BinaryOp { left, right, .. } = e {
                            for side in [left, right] {
                                if matches!(side.as_ref(), Expr::CompoundIdentifier(_))
                                    && !columns.contains(side.as_ref())
                                {
                                    columns.push(side.as_ref().clone());
                                }
                            }
                        }
                    }
                }
            }
        }
        self.join_columns.push(columns);
        self.conjuncts("WHERE", &mut select.selection, span);
        self.conjuncts("HAVING", &mut select.having, span);
        ControlFlow::Continue(())
    }

    fn post_visit_select(&mut self, _select: &mut Select) -> ControlFlow<()> {
        self.join_columns.pop();
        ControlFlow::Continue(())
    }

    fn pre_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<()> {
        let span = expr.span();
        let shown = expr.to_string();
        // `EXISTS (SELECT 1 ...)`: what the subquery selects is never read.
        if let Expr::Exists { subquery, .. } = &*expr {
            if let SetExpr::Select(select) = subquery.body.as_ref() {
                for item in &select.projection {
                    if let SelectItem::UnnamedExpr(e @ Expr::Value(_)) = item {
                        self.skip_literals.push(e.span());
                    }
                }
            }
        }
        match expr {
            Expr::BinaryOp { op, .. } => {
                use BinaryOperator as B;
                let swaps: &[BinaryOperator] = match op {
                    B::Lt => &[B::LtEq, B::Gt],
                    B::LtEq => &[B::Lt, B::GtEq],
                    B::Gt => &[B::GtEq, B::Lt],
                    B::GtEq => &[B::Gt, B::LtEq],
                    B::Eq => &[B::NotEq],
                    B::NotEq => &[B::Eq],
                    B::And => &[B::Or],
                    B::Or => &[B::And],
                    B::Plus => &[B::Minus],
                    B::Minus => &[B::Plus],
                    B::Multiply => &[B::Divide],
                    B::Divide => &[B::Multiply],
                    _ => &[],
                };
                let operator = match op {
                    B::And | B::Or => "boolean-operator",
                    B::Plus | B::Minus | B::Multiply | B::Divide => "arithmetic",
                    _ => "compare",
                };
                for new in swaps {
                    if self.offer(operator, format!("`{op}` -> `{new}` in `{shown}`"), span) {
                        *op = new.clone();
                    }
                }
            }
            Expr::IsNull(inner) => {
                let hit = self.offer("null", "`IS NULL` -> `IS NOT NULL`", span);
                if hit {
                    *expr = Expr::IsNotNull(inner.clone());
                }
            }
            Expr::IsNotNull(inner) => {
                let hit = self.offer("null", "`IS NOT NULL` -> `IS NULL`", span);
                if hit {
                    *expr = Expr::IsNull(inner.clone());
                }
            }
            Expr::In { negated, .. }
            | Expr::Exists { negated, .. }
            | Expr::Between { negated, .. }
            | Expr::Like { negated, .. } => {
                let what = if *negated { "`NOT` removed" } else { "`NOT` added" };
                if self.offer("not", format!("{what} in `{shown}`"), span) {
                    *negated = !*negated;
                }
            }
            Expr::UnaryOp { op: UnaryOperator::Not, expr: inner } => {
                let hit = self.offer("not", format!("`NOT` removed in `{shown}`"), span);
                if hit {
                    *expr = (**inner).clone();
                }
            }
            Expr::Function(f) => {
                let name = f.name.to_string().to_ascii_uppercase();
                if matches!(name.as_str(), "COALESCE" | "IFNULL") {
                    if let FunctionArguments::List(list) = &f.args {
                        if let Some(FunctionArg::Unnamed(FunctionArgExpr::Expr(first))) = list.args.first() {
                            let first = first.clone();
                            if self.offer("call", format!("`{name}(...)` -> `{first}`"), span) {
                                *expr = first;
                                return ControlFlow::Continue(());
                            }
                        }
                    }
                }
                self.function(f, span);
            }
            Expr::Value(v) => {
                if self.skip_literals.contains(&span) {
                    return ControlFlow::Continue(());
                }
                if let Value::SingleQuotedString(text) = &v.value {
                    let new = if text.is_empty() { "x" } else { "" };
                    if self.offer("string-constant", format!("`{shown}` -> `'{new}'`"), span) {
                        v.value = Value::SingleQuotedString(new.to_owned());
                    }
                }
                if let Value::Number(n, long) = &v.value {
                    if let Ok(number) = n.parse::<i64>() {
                        let long = *long;
                        for delta in [1, -1] {
                            let new = number + delta;
                            if self.offer("integer-constant", format!("`{number}` -> `{new}`"), span) {
                                v.value = Value::Number(new.to_string(), long);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        ControlFlow::Continue(())
    }
}

fn split_and(expr: &Expr) -> Vec<Expr> {
    match expr {
        Expr::BinaryOp { left, op: BinaryOperator::And, right } => {
            let mut parts = split_and(left);
            parts.extend(split_and(right));
            parts
        }
        Expr::Nested(inner) if matches!(inner.as_ref(), Expr::BinaryOp { op: BinaryOperator::And, .. }) => {
            split_and(inner)
        }
        other => vec![other.clone()],
    }
}

fn join_and(parts: Vec<Expr>) -> Option<Expr> {
    parts.into_iter().reduce(|left, right| Expr::BinaryOp {
        left: Box::new(left),
        op: BinaryOperator::And,
        right: Box::new(right),
    })
}

#[cfg(test)]
mod unit {
    use super::*;

    fn operators(sql: &str, ordered: bool) -> Vec<String> {
        let statement = parse(sql).expect("parses");
        mutants(&statement, ordered).into_iter().map(|m| m.operator).collect()
    }

    #[test]
    fn every_listed_kind_of_change_is_made() {
        let sql = "SELECT DISTINCT c.name, COUNT(o.id) AS n, RANK() OVER (PARTITION BY c.city ORDER BY c.name \
                   ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS r \
                   FROM customer c LEFT JOIN orders o ON o.customer_id = c.id \
                   WHERE c.active = 1 AND o.total > 10 GROUP BY c.id HAVING COUNT(*) >= 2 \
                   ORDER BY n DESC LIMIT 5 OFFSET 5";
        let found = operators(sql, true);
        for kind in ["compare", "condition", "join", "count", "distinct", "order", "limit", "window", "function"] {
            assert!(found.iter().any(|k| k == kind), "no `{kind}` mutant in {found:?}");
        }
        let statement = parse(sql).expect("parses");
        let all = mutants(&statement, true);
        let show = |d: &str| all.iter().find(|m| m.description.contains(d)).map(|m| m.source.clone());
        let dropped = show("WHERE condition `c.active = 1` dropped").expect("a dropped WHERE conjunct");
        assert!(dropped.contains("WHERE o.total > 10 GROUP BY"), "{dropped}");
        assert!(
            show("`COUNT(*)` -> `COUNT(o.customer_id)`").is_some(),
            "{:?}",
            all.iter().map(|m| &m.description).collect::<Vec<_>>()
        );
        let every_mutant_parses = all.iter().all(|m| parse(&m.source).is_ok());
        assert!(every_mutant_parses);
    }

    #[test]
    fn the_literal_an_exists_subquery_selects_is_left_alone() {
        let sql = "SELECT id FROM c WHERE EXISTS (SELECT 1 FROM o WHERE o.c = c.id AND o.n > 5)";
        let found = mutants(&parse(sql).expect("parses"), false);
        assert!(
            !found.iter().any(|m| m.description.starts_with("`1`")),
            "{:?}",
            found.iter().map(|m| &m.description).collect::<Vec<_>>()
        );
        assert!(found.iter().any(|m| m.description.starts_with("`5`")));
    }

    #[test]
    fn an_unordered_problems_top_level_order_is_left_alone() {
        let sql = "SELECT name FROM t WHERE x IN (SELECT x FROM u ORDER BY x LIMIT 3) ORDER BY name";
        let unordered = mutants(&parse(sql).expect("parses"), false);
        assert!(!unordered.iter().any(|m| m.description.contains("`name ASC`")));
        assert!(unordered.iter().any(|m| m.description.contains("`x ASC`")));
        let ordered = mutants(&parse(sql).expect("parses"), true);
        assert!(ordered.iter().any(|m| m.description.contains("`name ASC`")));
    }

    #[test]
    fn a_median_is_interpolated_or_not() {
        let sql = "SELECT d, percentile_cont(0.5) WITHIN GROUP (ORDER BY salary) AS m FROM e GROUP BY d";
        let statement = parse_in(sql, SqlDialect::Postgres).expect("parses");
        let found = mutants(&statement, false);
        let swapped = found.iter().find(|m| m.operator == "function").expect("a function mutant");
        assert!(swapped.source.contains("PERCENTILE_DISC(0.5) WITHIN GROUP"), "{}", swapped.source);
    }
}
