// Custom input by field, for function problems: one field per parameter of the entry point
// (labelled with its name, pre-filled from the first sample), or for a class problem a list of
// calls (method and its arguments), each value a Python literal. The texts go to the server as
// `{"literals": ...}` and are evaluated by Python inside the sandbox: nothing here parses them.
// Also: marking a custom run's results stale once its input or the code changes.

import { h } from '../dom.js';
import './custominput.css';

let nextId = 0;

/** The first sample's call as texts (the server writes them as Python's repr). */
function sampleLiterals(problem) {
  return problem.samples?.[0]?.literals ?? null;
}

/** Whether a problem's custom input is a call list (its samples construct, then call methods). */
function isCallList(problem) {
  const sample = problem.samples?.[0];
  return Boolean(sample?.literals?.calls ?? sample?.input?.calls);
}

function field({ id, label, value, hint, describedBy }) {
  const input = h('input', {
    type: 'text',
    id,
    class: 'literal-field',
    spellcheck: 'false',
    autocomplete: 'off',
    autocapitalize: 'off',
    value: value ?? '',
    placeholder: hint ?? '',
    'aria-describedby': describedBy,
  });
  return { input, row: h('div', { class: 'literal-row' }, h('label', { for: id, class: 'literal-label' }, h('code', { text: label })), input) };
}

/**
 * The fields of a function problem's entry point: one per named parameter, then one per extra
 * sample argument when it takes `*args`, and one per extra keyword when it takes `**kwargs`.
 */
function parameterFields(problem, errorId) {
  const sample = sampleLiterals(problem) ?? { args: [], kwargs: {} };
  const params = problem.parameters ?? sample.args.map((_, i) => ({ name: `argument ${i + 1}`, kind: 'positional' }));
  const named = params.filter((p) => p.kind === 'positional' || p.kind === 'keyword');
  const positional = named.filter((p) => p.kind === 'positional');
  const prefix = `literal-${nextId++}`;
  const fields = named.map((p, i) => {
    const fromSample = p.kind === 'positional' && i < sample.args.length ? sample.args[i] : sample.kwargs?.[p.name];
    const made = field({
      id: `${prefix}-${p.name}`,
      label: p.name,
      value: fromSample,
      hint: p.default !== undefined ? `default ${p.default}` : '',
      describedBy: errorId,
    });
    return { ...made, param: p, required: p.default === undefined };
  });
  if (params.some((p) => p.kind === 'var_positional')) {
    const star = params.find((p) => p.kind === 'var_positional').name;
    sample.args.slice(positional.length).forEach((text, i) => {
      const made = field({ id: `${prefix}-star-${i}`, label: `*${star}[${i}]`, value: text, describedBy: errorId });
      fields.push({ ...made, param: { name: `*${star}`, kind: 'var_positional' }, required: true });
    });
  }
  if (params.some((p) => p.kind === 'var_keyword')) {
    for (const [name, text] of Object.entries(sample.kwargs ?? {})) {
      if (named.some((p) => p.name === name)) continue;
      const made = field({ id: `${prefix}-kw-${name}`, label: name, value: text, describedBy: errorId });
      fields.push({ ...made, param: { name, kind: 'keyword' }, required: true });
    }
  }
  return fields;
}

/**
 * The literals of the fields: positional parameters in order until the first left empty (an
 * empty field with a default is left out), the rest by name. Returns { literals } or { error,
 * input } naming the empty required field.
 */
function readParameters(fields) {
  const args = [];
  const kwargs = {};
  let skipped = false;
  const argFields = [];
  for (const f of fields) {
    const text = f.input.value;
    if (!text.trim()) {
      if (f.required) return { error: `${f.param.name} needs a value: a Python literal such as 1, 'text', (1, 2) or None`, input: f.input };
      skipped = true;
      continue;
    }
    if ((f.param.kind === 'positional' && !skipped) || f.param.kind === 'var_positional') {
      args.push(text);
      argFields.push(f);
    } else kwargs[f.param.name] = text;
  }
  return { literals: { args, kwargs }, argFields };
}

/** The call list editor of a class problem: rows of method and arguments. */
function callList(problem, errorId, onEdit) {
  const prefix = `call-${nextId++}`;
  const list = h('ol', { class: 'call-list', 'aria-label': 'Calls, in order: the first constructs the object' });
  const status = h('p', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
  let rowId = 0;

  const renumber = () => {
    [...list.children].forEach((row, i) => {
      const [method, args] = row.querySelectorAll('input');
      const first = i === 0;
      method.setAttribute('aria-label', `Call ${i + 1}: ${first ? 'class' : 'method'}`);
      args.setAttribute('aria-label', `Call ${i + 1}: arguments`);
      row.querySelector('.call-up').disabled = first;
      row.querySelector('.call-down').disabled = i === list.children.length - 1;
      row.querySelector('.call-remove').disabled = first;
    });
  };

  const addRow = (name, argsText, after = null) => {
    const id = `${prefix}-${rowId++}`;
    const method = h('input', { type: 'text', id: `${id}-method`, class: 'call-method', spellcheck: 'false', autocomplete: 'off', value: name, 'aria-describedby': errorId });
    const args = h('input', { type: 'text', id: `${id}-args`, class: 'literal-field call-args', spellcheck: 'false', autocomplete: 'off', value: argsText, placeholder: 'arguments, e.g. 1, (2, 3)', 'aria-describedby': errorId });
    const button = (cls, text, label, action) =>
      h('button', { type: 'button', class: `btn btn-ghost call-button ${cls}`, 'aria-label': label, text, onClick: action });
    const row = h(
      'li',
      { class: 'call-row' },
      method,
      h('span', { class: 'call-paren', 'aria-hidden': 'true', text: '(' }),
      args,
      h('span', { class: 'call-paren', 'aria-hidden': 'true', text: ')' }),
      button('call-up', '↑', 'Move this call up', () => move(row, -1)),
      button('call-down', '↓', 'Move this call down', () => move(row, 1)),
      button('call-remove', '✕', 'Remove this call', () => remove(row)),
    );
    if (after) after.after(row);
    else list.append(row);
    renumber();
    return row;
  };

  const move = (row, by) => {
    const target = by < 0 ? row.previousElementSibling : row.nextElementSibling;
    if (!target || (by < 0 && target === list.firstElementChild)) return;
    if (by < 0) target.before(row);
    else target.after(row);
    renumber();
    row.querySelector(by < 0 ? '.call-up' : '.call-down').focus();
    if (document.activeElement?.disabled || document.activeElement === document.body) row.querySelector('input').focus();
    status.textContent = `Moved to call ${[...list.children].indexOf(row) + 1}`;
    onEdit();
  };

  const remove = (row) => {
    const next = row.nextElementSibling ?? row.previousElementSibling;
    row.remove();
    renumber();
    next?.querySelector('input')?.focus();
    status.textContent = 'Call removed';
    onEdit();
  };

  const sample = sampleLiterals(problem)?.calls ?? [[problem.entry ?? '', []]];
  for (const [name, args] of sample) addRow(name, (args ?? []).join(', '));
  const addButton = h('button', {
    type: 'button',
    class: 'btn btn-secondary call-add',
    text: 'Add a call',
    onClick: () => {
      const row = addRow('', '');
      row.querySelector('input').focus();
      onEdit();
    },
  });

  const read = () => {
    const calls = [...list.children].map((row) => {
      const [method, args] = row.querySelectorAll('input');
      return [method.value.trim(), args.value];
    });
    return { literals: { calls } };
  };
  /** The input a field name points at: input.literals.calls[i][0] (method) or [1]... (arguments). */
  const inputAt = (fieldName) => {
    const match = /^input\.literals\.calls\[(\d+)\](?:\[(\d)\])?/.exec(fieldName ?? '');
    if (!match) return null;
    const row = list.children[Number(match[1])];
    return row?.querySelectorAll('input')[match[2] === '0' ? 0 : 1] ?? null;
  };
  const label = (fieldName) => {
    const match = /^input\.literals\.calls\[(\d+)\]/.exec(fieldName ?? '');
    return match ? `Call ${Number(match[1]) + 1}` : null;
  };
  return { element: h('div', { class: 'call-editor' }, list, addButton, status), read, inputAt, label };
}

/**
 * Custom input by field for a function problem with an entry point, or null (other kinds keep
 * their text input). The result: `element`, `read()` (the run's input, or undefined after
 * showing why not), `showError(err)` (true when the error names one of its fields), `focus()`.
 */
export function literalInput(problem, { onEdit = () => {} } = {}) {
  if (problem.kind !== 'function' || !problem.entry) return null;
  const errorId = `literal-error-${nextId++}`;
  const error = h('p', { id: errorId, class: 'field-error', role: 'alert', hidden: true });
  const calls = isCallList(problem);
  let editor;
  let fields = [];
  let body;
  if (calls) {
    editor = callList(problem, errorId, onEdit);
    body = editor.element;
  } else {
    fields = parameterFields(problem, errorId);
    body = h('div', { class: 'literal-fields' }, ...fields.map((f) => f.row));
    if (!fields.length) body.append(h('p', { class: 'muted', text: `${problem.entry}() takes no arguments.` }));
  }
  const hint = calls
    ? 'One call a row, the first constructs the object; arguments as Python writes them in a call: 1, (2, 3), None.'
    : 'Each value is a Python literal: 1, 2.5, \'text\', (1, 2), {1, 2}, {\'a\': 1}, None, True.';
  const element = h(
    'fieldset',
    { class: 'literal-input' },
    h('legend', { class: 'field-label', text: calls ? `Calls on ${problem.entry}` : `Arguments of ${problem.entry}()` }),
    h('p', { class: 'field-hint', text: hint }),
    body,
    error,
  );
  element.addEventListener('input', () => onEdit());

  const allInputs = () => [...element.querySelectorAll('input')];
  const clear = () => {
    error.hidden = true;
    for (const input of allInputs()) input.removeAttribute('aria-invalid');
  };
  const flag = (input, message) => {
    error.textContent = message;
    error.hidden = false;
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
  };

  let argFields = [];
  const read = () => {
    clear();
    if (calls) return editor.read();
    const read = readParameters(fields);
    if (read.error) {
      flag(read.input, read.error);
      return undefined;
    }
    argFields = read.argFields;
    return { literals: read.literals };
  };

  /** The field a server error names (input.literals.args[1], input.literals.kwargs.k), if any. */
  const showError = (err) => {
    const name = err?.field ?? '';
    if (!name.startsWith('input.literals')) return false;
    clear();
    let input = null;
    let label = null;
    if (calls) {
      input = editor.inputAt(name);
      label = editor.label(name);
    } else {
      const positional = /^input\.literals\.args\[(\d+)\]/.exec(name);
      const keyword = /^input\.literals\.kwargs\.(.+)$/.exec(name);
      const f = positional
        ? argFields[Number(positional[1])]
        : keyword
          ? fields.find((f) => f.param.name === keyword[1])
          : null;
      input = f?.input ?? null;
      label = f?.param.name ?? null;
    }
    flag(input, label ? `${label}: ${err.message}` : err.message);
    return true;
  };

  return { element, read, showError, focus: (options) => allInputs()[0]?.focus(options), disable: () => allInputs().forEach((i) => (i.disabled = true)) };
}

/**
 * The last custom run's results, marked stale (dimmed, with a note) once the input or the code
 * changes after it: they no longer say what this code does on this input.
 */
export class StaleResults {
  #results;
  #custom = false;
  #note = null;

  constructor(results) {
    this.#results = results;
  }

  /** A run was shown (`custom`: on the candidate's own input). */
  ran(custom) {
    this.#custom = custom;
    this.#note = null;
    this.#results.classList.remove('is-stale');
  }

  /** The input or the code changed. */
  edited() {
    if (!this.#custom || this.#note) return;
    this.#note = h('p', {
      class: 'stale-note',
      role: 'status',
      text: 'Edited since this run: these results are out of date. Run again to see what your code does now.',
    });
    this.#results.classList.add('is-stale');
    this.#results.prepend(this.#note);
  }
}
