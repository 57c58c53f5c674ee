// HTTP exchanges (`web` problems): each request beside its expected and actual response, written
// the way HTTP reads (method and path, headers, a blank line, the body).

import { h } from '../dom.js';

export const WEB_KIND = 'web';

const REASONS = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/** Whether a test's input is a web test's list of requests. */
export function isExchanges(input) {
  return Boolean(input) && Array.isArray(input.exchanges);
}

/** One request as HTTP text. */
export function requestText(exchange) {
  const lines = [`${exchange.method ?? 'GET'} ${exchange.path}`];
  for (const [name, value] of Object.entries(exchange.headers ?? {})) lines.push(`${name}: ${value}`);
  const has = (key) => Object.prototype.hasOwnProperty.call(exchange, key);
  if (has('json')) {
    lines.push('Content-Type: application/json', '', JSON.stringify(exchange.json, null, 2));
  } else if (has('form')) {
    lines.push('Content-Type: application/x-www-form-urlencoded', '', new URLSearchParams(exchange.form).toString());
  } else if (has('body')) {
    lines.push('', exchange.body);
  }
  return lines.join('\n');
}

/**
 * One response as HTTP text. With `names`, only those headers (the ones the problem compares,
 * as the expected response lists them), so that the two sides line up; content-type by its
 * media type, as it is compared.
 */
export function responseText(response, names = null) {
  if (!response || typeof response !== 'object') return '';
  const status = response.status;
  const lines = [`HTTP ${status}${REASONS[status] ? ` ${REASONS[status]}` : ''}`];
  const headers = response.headers ?? {};
  for (const name of names ?? Object.keys(headers)) {
    let value = headers[name];
    if (names && name === 'content-type' && typeof value === 'string') value = value.split(';')[0].trim().toLowerCase();
    lines.push(`${name}: ${value === null || value === undefined ? '(absent)' : value}`);
  }
  if (Object.prototype.hasOwnProperty.call(response, 'json')) lines.push('', JSON.stringify(response.json, null, 2));
  else if (typeof response.text === 'string' && response.text !== '') lines.push('', response.text);
  if (response.truncated) lines.push('… (cut at 64 KiB)');
  if (response.exception) lines.push('', `The view raised: ${response.exception}`);
  if (typeof response.queries === 'number') lines.push('', `(${response.queries} SQL ${response.queries === 1 ? 'query' : 'queries'})`);
  return lines.join('\n');
}

/**
 * The exchanges of one test as request/response pairs. `block(label, text)` makes a labelled
 * code block and `diff(expectedText, actualText, failed)` the side-by-side comparison (the
 * results panel's own).
 */
export function exchangesView(input, expected, actual, { failed, block, diff }) {
  const list = h('ol', { class: 'exchanges', 'aria-label': 'HTTP exchanges' });
  const count = input.exchanges.length;
  input.exchanges.forEach((exchange, index) => {
    const want = Array.isArray(expected) ? expected[index] : undefined;
    const got = Array.isArray(actual) ? actual[index] : undefined;
    const item = h(
      'li',
      { class: 'exchange', 'data-exchange': index + 1 },
      h('p', { class: 'exchange-title', text: `Exchange ${index + 1} of ${count}` }),
      block('Request', requestText(exchange)),
    );
    if (want && typeof want === 'object') {
      const names = Object.keys(want.headers ?? {});
      const gotText = got && typeof got === 'object' ? responseText(got, names) : null;
      item.append(diff(responseText(want, names), gotText, failed));
    } else if (got && typeof got === 'object') {
      item.append(block('Response', responseText(got)));
    }
    list.append(item);
  });
  return list;
}

/** A web problem's samples on its page: each request, and the response it must get when given. */
export function webSamplesSection(problem) {
  const section = h('section', { class: 'sample-data', 'aria-labelledby': 'sample-data-heading' });
  section.append(h('h3', { id: 'sample-data-heading', text: 'Sample exchanges' }));
  for (const sample of problem.samples ?? []) {
    if (!isExchanges(sample.input)) continue;
    if (sample.name) section.append(h('p', { class: 'sample-name', text: sample.name }));
    const block = (label, text) =>
      h('div', { class: 'detail-block' }, h('p', { class: 'detail-label', text: label }), h('pre', { class: 'code-block' }, h('code', { text })));
    section.append(
      exchangesView(sample.input, sample.expected, null, {
        failed: false,
        block,
        diff: (expectedText) => block('Response', expectedText),
      }),
    );
  }
  return section;
}

/** The custom-input template of a web problem: the first sample's requests. */
export function webInputTemplate(problem) {
  const sample = problem.samples?.[0]?.input;
  const template = { exchanges: sample?.exchanges ?? [{ method: 'GET', path: '/' }] };
  if (sample?.tables) template.tables = sample.tables;
  return JSON.stringify(template, null, 1);
}

export const WEB_INPUT_HINT =
  'JSON: {"exchanges": [{"method": "POST", "path": "/items", "headers": {...}, "json": {...}}, …]}, sent in order to your app';
