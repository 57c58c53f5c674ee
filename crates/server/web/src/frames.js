// A pandas problem's answers as the judge's harness encodes them (sandbox/python/frames.py):
// {"type": "frame" | "series" | "array" | "scalar", ...}, turned into columns and rows to show
// as a table. A frame's or Series' index is shown as leading columns when a level has a name
// (as the judge compares it unless the problem compares the index); the row labels left over
// from a filter or a sort are not. A 1-D array is one column, a 2-D array a grid; anything
// deeper is shown as JSON.

const TYPES = new Set(['frame', 'series', 'array', 'scalar']);

/** Whether `value` is an encoded pandas answer. */
export function isPandasValue(value) {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value) && TYPES.has(value.type);
}

function labelText(label) {
  if (label === null || label === undefined) return '';
  if (Array.isArray(label)) return label.map(labelText).join(' / ');
  return typeof label === 'string' ? label : JSON.stringify(label);
}

/**
 * `{title, columns, rows}` for a frame, a Series or an array of one or two dimensions; null for
 * a scalar or a deeper array.
 */
export function pandasTable(value) {
  if (value.type === 'frame' || value.type === 'series') {
    const frame = value.type === 'frame';
    const index = value.index ?? {};
    const named = (index.names ?? []).some((name) => name !== null && name !== undefined);
    const indexColumns = named ? index.names.map((name) => labelText(name)) : [];
    const own = frame ? (value.columns ?? []).map(labelText) : [labelText(value.name)];
    const body = frame ? value.rows ?? [] : (value.values ?? []).map((v) => [v]);
    const rows = body.map((row, i) => [...(named ? index.rows?.[i] ?? [] : []), ...row]);
    const size = `${rows.length} row${rows.length === 1 ? '' : 's'}`;
    return { title: `${frame ? 'DataFrame' : 'Series'}, ${size}`, columns: [...indexColumns, ...own], rows };
  }
  if (value.type === 'array' && Array.isArray(value.shape) && value.shape.length <= 2 && value.shape.length > 0) {
    const title = `array of shape (${value.shape.join(', ')}${value.shape.length === 1 ? ',' : ''}), ${value.dtype}`;
    if (value.shape.length === 1) return { title, columns: [''], rows: value.values.map((v) => [v]) };
    const width = value.shape[1];
    return { title, columns: Array.from({ length: width }, (_, i) => String(i)), rows: value.values };
  }
  return null;
}

/** A test's call of a pandas problem: its frames by name, then its arguments. */
export function pandasCall(entry, frames, argsText) {
  return `${entry ?? 'solution'}(${[...(frames ?? []), argsText].filter(Boolean).join(', ')})`;
}
