// Formatting helpers: verdict names, times, sizes, values and a small line/character diff.

import { isPandasValue, pandasCall, pandasTable } from './frames.js';

export const VERDICTS = {
  AC: 'Accepted',
  WA: 'Wrong Answer',
  TLE: 'Time Limit Exceeded',
  MLE: 'Memory Limit Exceeded',
  OLE: 'Output Limit Exceeded',
  QLE: 'Too Many Queries',
  CLE: 'Too Many Changed Lines',
  NT: 'No Tests',
  RE: 'Runtime Error',
  CE: 'Compile Error',
  IE: 'Internal Error',
};

export function verdictName(code) {
  return VERDICTS[code] ?? code ?? 'Unknown';
}

export const KINDS = {
  function: 'Function',
  stdio: 'Input/output',
  sql: 'SQL',
  orm: 'ORM',
  tests: 'Tests',
  pandas: 'pandas',
  web: 'Web',
};

export const DIFFICULTIES = { easy: 'Easy', medium: 'Medium', hard: 'Hard' };

export function kindName(kind) {
  return KINDS[kind] ?? kind;
}

/** A problem's kind as a candidate reads it: "Debugging" when the starter is buggy code to fix. */
export function problemKindName(problem) {
  return problem.debug ? 'Debugging' : kindName(problem.kind);
}

/** "N lines", "1 line". */
export function linesText(count) {
  return `${count} line${count === 1 ? '' : 's'}`;
}

export function difficultyName(difficulty) {
  return DIFFICULTIES[difficulty] ?? difficulty;
}

const TOPICS = {
  'dicts-sets': 'Dicts & sets',
  'functions-closures': 'Functions & closures',
  'generators-iterators': 'Generators & iterators',
  'classes-dunder': 'Classes & dunder methods',
  'sorting-searching': 'Sorting & searching',
  'design-patterns': 'Design patterns',
  asyncio: 'asyncio',
  'standard-library': 'Standard library',
  'sql-filtering': 'SQL filtering & sorting',
  'sql-joins': 'SQL joins',
  'sql-aggregation': 'SQL aggregation',
  'sql-null-logic': 'SQL NULL logic',
  'sql-subqueries': 'SQL subqueries',
  'sql-window-functions': 'SQL window functions',
  'sql-data-changes': 'SQL data changes',
  'django-orm': 'Django ORM',
  'django-views': 'Django views',
  'http-apis': 'HTTP APIs',
  fastapi: 'FastAPI',
  sqlalchemy: 'SQLAlchemy',
  'query-performance': 'Query performance',
};

export function topicName(topic) {
  return TOPICS[topic] ?? topic.replace(/-/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
}

export function formatMs(ms) {
  if (ms === null || ms === undefined) return '–';
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

export function formatKib(kib) {
  if (kib === null || kib === undefined) return '–';
  return kib >= 1024 ? `${(kib / 1024).toFixed(1)} MiB` : `${kib} KiB`;
}

export function formatScore(score) {
  if (score === null || score === undefined) return null;
  return `${Math.round(score * 1000) / 10}%`;
}

export function formatDate(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Python-flavoured literal for a JSON value (True/False/None), for showing calls. */
export function pyRepr(value) {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  // Custom input given as Python: a literal, or a call's arguments as written, is its own text.
  const marked = literalText(value);
  if (marked !== null) return marked;
  if (typeof value === 'object' && '$array' in value) {
    // A pandas test's numpy argument.
    return `np.array(${pyRepr(value.$array)}${value.dtype ? `, dtype=${JSON.stringify(value.dtype)}` : ''})`;
  }
  if (typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${pyRepr(v)}`).join(', ')}}`;
  }
  return String(value);
}

/** The text of a `{"$literal": text}` or `{"$arguments": text}` argument, else null. */
function literalText(value) {
  if (!value || typeof value !== 'object') return null;
  const keys = Object.keys(value);
  if (keys.length !== 1 || !['$literal', '$arguments'].includes(keys[0])) return null;
  return typeof value[keys[0]] === 'string' ? value[keys[0]] : null;
}

export function callArgs(args = [], kwargs = {}) {
  return [...args.map(pyRepr), ...Object.entries(kwargs ?? {}).map(([k, v]) => `${k}=${pyRepr(v)}`)].join(', ');
}

/** The lines of a class problem's call sequence: `obj = Cls(...)`, then `obj.method(...)`. */
function callLines(calls, entry) {
  return calls.map(([name, args = [], kwargs = {}], i) =>
    i === 0 && (name === entry || !entry) ? `obj = ${name}(${callArgs(args, kwargs)})` : `obj.${name}(${callArgs(args, kwargs)})`,
  );
}

/** How a test input reads to a person: a call, a call sequence, stdin, or JSON. */
/** `{"columns": [...], "rows": [[...]]}`: a query's result or one table of a dataset. */
export function isResultSet(value) {
  return Boolean(value) && typeof value === 'object' && Array.isArray(value.columns) && Array.isArray(value.rows);
}

/** `{name: {"columns": [...], "rows": [...]}, ...}`: a dataset, or the tables after a change. */
export function isTables(value) {
  if (!value || typeof value !== 'object' || Array.isArray(value) || isResultSet(value)) return false;
  const tables = Object.values(value);
  return tables.length > 0 && tables.every(isResultSet);
}

function cellText(value) {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** Rows as an aligned text table, NULL for null, so a line diff can point at a row. */
export function textTable(columns, rows) {
  const cells = rows.map((row) => row.map(cellText));
  const widths = columns.map((c, i) => Math.max(String(c).length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (parts) => `| ${parts.map((p, i) => String(p).padEnd(widths[i])).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  const body = cells.length ? cells.map(line) : ['(no rows)'];
  return [line(columns), rule, ...body].join('\n');
}

function tablesText(tables) {
  return Object.entries(tables)
    .map(([name, table]) => `${name}\n${textTable(table.columns, table.rows)}`)
    .join('\n\n');
}

export function describeInput(input, entry, frames = null) {
  if (input && typeof input === 'object' && !Array.isArray(input)) {
    if (isTables(input.tables) || (input.tables && typeof input.tables === 'object')) {
      const data = isTables(input.tables) ? tablesText(input.tables) : '(no tables)';
      if (Array.isArray(input.args) || (input.kwargs && Object.keys(input.kwargs).length)) {
        const args = callArgs(input.args ?? [], input.kwargs);
        const call = frames ? pandasCall(entry, frames, args) : `${entry ?? 'solution'}(${args})`;
        return { label: `Call, on dataset ${input.dataset ?? ''}`.trim(), text: `${call}\n\n${data}` };
      }
      return { label: `Dataset ${input.dataset ?? ''}`.trim(), text: data };
    }
    if (typeof input.stdin === 'string') return { label: 'Standard input', text: input.stdin };
    if (typeof input.scenario === 'string') {
      // The label is shown in capitals: the name, which is case-sensitive, is in the source.
      return { label: 'Scenario', text: typeof input.source === 'string' ? input.source : input.scenario };
    }
    if (Array.isArray(input.calls)) return { label: 'Calls', text: callLines(input.calls, entry).join('\n') };
    if (Array.isArray(input.args) || input.kwargs) {
      return { label: 'Call', text: `${entry ?? 'solution'}(${callArgs(input.args, input.kwargs)})` };
    }
  }
  return { label: 'Input', text: formatJson(input) };
}

/**
 * A JSON value written the way Python shows it (None, True, False), on one line when it fits,
 * otherwise one item per line so a line diff can point at the item that differs.
 */
export function formatJson(value, indent = 0) {
  if (value === undefined) return '';
  const compact = pyRepr(value);
  if (compact.length + indent <= 72 || value === null || typeof value !== 'object') return compact;
  const pad = ' '.repeat(indent + 2);
  const items = Array.isArray(value)
    ? value.map((item) => pad + formatJson(item, indent + 2))
    : Object.entries(value).map(([k, v]) => `${pad}${JSON.stringify(k)}: ${formatJson(v, indent + 2)}`);
  if (!items.length) return compact;
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return `${open}\n${items.join(',\n')}\n${' '.repeat(indent)}${close}`;
}

/**
 * Text for an expected or actual value: output text (stdio problems), "raises X", or JSON.
 * A stdio problem's output may come as a plain string or as {"stdout": "..."}. For a call
 * sequence (class problems) each call's value gets a line of its own, so a diff shows which
 * call went wrong.
 */
export function formatValue(value, { kind, input, entry, reprs } = {}) {
  if (kind === 'stdio' && typeof value === 'string') return value;
  if (isPandasValue(value)) {
    const table = pandasTable(value);
    if (table) return `${table.title}\n${textTable(table.columns, table.rows)}`;
    return value.type === 'scalar' ? formatJson(value.value) : formatJson(value.values);
  }
  if (isResultSet(value)) return textTable(value.columns, value.rows);
  if (isTables(value)) return tablesText(value);
  if (value && typeof value === 'object' && 'returned' in value && isTables(value.tables)) {
    return `returned ${formatJson(value.returned)}\n\n${tablesText(value.tables)}`;
  }
  const calls = input?.calls;
  if (Array.isArray(calls) && Array.isArray(value) && value.length === calls.length) {
    const lines = callLines(calls, entry);
    // `reprs`: the server's Python repr of each call's value, one a line, when it sent them.
    const shown = reprs?.length === value.length ? reprs : value.map((v) => formatValue(v));
    return shown.map((text, i) => `${lines[i]}  →  ${text}`).join('\n');
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && typeof value.stdout === 'string') return value.stdout;
    if (keys.length === 1 && typeof value.raises === 'string') return `raises ${value.raises}`;
    if (keys.length === 1 && typeof value.$raises === 'string') return `raises ${value.$raises}`;
  }
  return formatJson(value);
}

/**
 * Line diff (longest common subsequence) of `a` (expected) and `b` (actual).
 * Returns {left, right}: per side a list of {text, changed, spans?} lines; for a changed line
 * paired with one on the other side, `spans` splits it into [same, different, same] parts.
 */
export function diffLines(a, b) {
  const A = a.split('\n');
  const B = b.split('\n');
  const n = A.length;
  const m = B.length;
  let common;
  if (n * m > 250_000) {
    // Too big for the table: compare line by line.
    common = null;
  } else {
    const table = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        table[i][j] = A[i] === B[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
      }
    }
    common = table;
  }

  const left = [];
  const right = [];
  let i = 0;
  let j = 0;
  let pendingLeft = [];
  let pendingRight = [];
  const flush = () => {
    // Pair changed lines up so each pair gets a character-level highlight.
    for (let k = 0; k < Math.max(pendingLeft.length, pendingRight.length); k++) {
      const l = pendingLeft[k];
      const r = pendingRight[k];
      if (l !== undefined && r !== undefined) {
        const [ls, rs] = charSpans(l, r);
        left.push({ text: l, changed: true, spans: ls });
        right.push({ text: r, changed: true, spans: rs });
      } else if (l !== undefined) left.push({ text: l, changed: true });
      else right.push({ text: r, changed: true });
    }
    pendingLeft = [];
    pendingRight = [];
  };
  while (i < n || j < m) {
    const same = i < n && j < m && A[i] === B[j];
    if (same) {
      flush();
      left.push({ text: A[i++], changed: false });
      right.push({ text: B[j++], changed: false });
    } else if (common) {
      if (j >= m || (i < n && common[i + 1][j] >= common[i][j + 1])) pendingLeft.push(A[i++]);
      else pendingRight.push(B[j++]);
    } else {
      if (i < n) pendingLeft.push(A[i++]);
      if (j < m) pendingRight.push(B[j++]);
    }
  }
  flush();
  return { left, right };
}

/** Split two different strings into [prefix, middle, suffix] around what differs. */
function charSpans(a, b) {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const split = (s) => [s.slice(0, start), s.slice(start, s.length - end), s.slice(s.length - end)];
  return [split(a), split(b)];
}
