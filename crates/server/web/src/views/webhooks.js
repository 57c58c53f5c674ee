// The Webhooks section of the Team page (admins only; the page shows it to no one else): the
// team's endpoints (add one, its signing secret shown once; switch on or off; rotate the secret;
// delete), and the recent deliveries with every try and the answer it got, with Send again.

import { webhooks } from '../api.js';
import { h, replace } from '../dom.js';
import { handleAuthError } from './session.js';
import { errorAlert, showFormError, timeEl } from './common.js';

/** The section, and `load()` to fill it; `shownOnce(title, value)` shows a secret once. */
export function webhooksSection({ signal, status, shownOnce, isDisposed }) {
  const endpointsHost = h('div', {}, h('p', { class: 'muted', text: 'Loading the endpoints…' }));
  const deliveriesHost = h('div', {}, h('p', { class: 'muted', text: 'Loading the deliveries…' }));
  const secretShown = h('div');
  const formError = h('div', { class: 'alert alert-error', role: 'alert', hidden: true });
  const url = h('input', { type: 'url', id: 'webhook-url', name: 'url', autocomplete: 'off', required: true, placeholder: 'https://ats.example.com/verdict' });
  const eventsHost = h('fieldset', { class: 'form-field webhook-events' }, h('legend', { class: 'field-label', text: 'Events' }));
  let known = [];

  const form = h(
    'form',
    { class: 'invite-form', novalidate: true, 'aria-labelledby': 'new-webhook-heading' },
    h('h3', { id: 'new-webhook-heading', class: 'sub-heading', text: 'Add an endpoint' }),
    formError,
    h('div', { class: 'form-field' }, h('label', { for: 'webhook-url', class: 'field-label', text: 'URL' }), url),
    eventsHost,
    h('button', { type: 'submit', class: 'btn btn-primary', text: 'Add endpoint' }),
    secretShown,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showFormError(formError, null);
    const events = [...eventsHost.querySelectorAll('input:checked')].map((box) => box.value);
    try {
      const made = await webhooks.create(url.value.trim(), events);
      replace(secretShown, shownOnce(`Signing secret of ${made.endpoint.url}`, made.secret));
      url.value = '';
      await load();
    } catch (err) {
      if (!handleAuthError(err)) showFormError(formError, err.message);
    }
  });

  async function act(what, call, after) {
    try {
      const answer = await call();
      status.textContent = what;
      after?.(answer);
    } catch (err) {
      if (!handleAuthError(err)) window.alert(err.message);
    }
    await load();
  }

  function endpointRow(e) {
    const toggle = h('button', {
      type: 'button',
      class: 'btn btn-ghost btn-small',
      text: e.enabled ? 'Switch off' : 'Switch on',
      onClick: () => act(`${e.url} is ${e.enabled ? 'off' : 'on'}`, () => webhooks.update(e.id, e.url, e.events, !e.enabled)),
    });
    const rotate = h('button', {
      type: 'button',
      class: 'btn btn-ghost btn-small',
      text: 'New secret',
      'aria-label': `New secret for ${e.url}`,
      onClick: () => {
        if (window.confirm(`Give ${e.url} a new secret? The current one stops at once.`)) {
          act('A new secret was made', () => webhooks.rotate(e.id), (made) => replace(secretShown, shownOnce(`New signing secret of ${e.url}`, made.secret)));
        }
      },
    });
    const remove = h('button', {
      type: 'button',
      class: 'btn btn-ghost btn-small btn-danger',
      text: 'Delete',
      'aria-label': `Delete the endpoint ${e.url}`,
      onClick: () => {
        if (window.confirm(`Delete ${e.url}? Its deliveries still waiting will fail.`)) act(`${e.url} was deleted`, () => webhooks.remove(e.id));
      },
    });
    return h(
      'tr',
      { 'data-url': e.url },
      h('th', { scope: 'row', class: 'wrap-anywhere', text: e.url }),
      h('td', { text: e.events.join(', ') }),
      h('td', { text: e.enabled ? 'On' : 'Off' }),
      h('td', {}, toggle, rotate, remove),
    );
  }

  function tryText(t) {
    const answer = t.status_code ? `HTTP ${t.status_code}` : 'no answer';
    // With an answer its status says it; without one, the error says why.
    const why = t.error && !t.status_code ? `: ${t.error}` : '';
    return `${answer} in ${t.duration_ms} ms${why}`;
  }

  function deliveryRow(d, urls) {
    const tries = h(
      'ol',
      { class: 'webhook-tries' },
      ...d.tries.map((t) =>
        h(
          'li',
          { 'data-status': String(t.status_code ?? '') },
          timeEl(t.at),
          ' ',
          h('span', { text: tryText(t) }),
          t.response_body ? h('pre', { class: 'webhook-answer', text: t.response_body }) : '',
        ),
      ),
    );
    const state = d.status === 'pending' && d.next_attempt_at ? h('span', {}, 'pending, next try ', timeEl(d.next_attempt_at)) : d.status;
    return h(
      'tr',
      { 'data-delivery': d.id, 'data-status': d.status },
      h('th', { scope: 'row', text: d.event_type }),
      h('td', { class: 'wrap-anywhere', text: urls.get(d.endpoint) ?? 'deleted endpoint' }),
      h('td', {}, state, h('div', { class: 'muted small', text: `${d.attempts} of ${d.max_attempts} tries` })),
      h('td', {}, d.tries.length ? tries : h('span', { class: 'muted', text: 'not tried yet' })),
      h('td', {}, h('button', {
        type: 'button',
        class: 'btn btn-ghost btn-small',
        text: 'Send again',
        'aria-label': `Send again the ${d.event_type} event`,
        onClick: () => act(`The ${d.event_type} event is sent again`, () => webhooks.redeliver(d.id)),
      })),
    );
  }

  async function load() {
    try {
      const [list, sent] = await Promise.all([webhooks.list({ signal }), webhooks.deliveries({ signal })]);
      if (isDisposed()) return;
      if (known.length === 0) {
        known = list.events;
        eventsHost.append(
          ...known.map((name) =>
            h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'events', value: name, checked: true }), ` ${name}`),
          ),
        );
      }
      const urls = new Map(list.endpoints.map((e) => [e.id, e.url]));
      replace(
        endpointsHost,
        list.endpoints.length
          ? h(
              'table',
              { class: 'data-table webhooks-table' },
              h('caption', { class: 'sr-only', text: 'Webhook endpoints' }),
              h('thead', {}, h('tr', {}, ...['URL', 'Events', 'State', 'Actions'].map((t) => h('th', { scope: 'col', text: t })))),
              h('tbody', {}, ...list.endpoints.map(endpointRow)),
            )
          : h('p', { class: 'muted', text: 'No endpoints.' }),
        h('p', {
          class: 'muted small',
          text: `${list.endpoints.length} of at most ${list.max_endpoints} endpoints. Deliveries go from this service's servers, signed with the endpoint's secret (Verdict-Signature); ${list.private_addresses_allowed ? 'private and loopback addresses are allowed on this service' : 'private and loopback addresses are refused'}.`,
        }),
      );
      replace(
        deliveriesHost,
        sent.deliveries.length
          ? h(
              'table',
              { class: 'data-table deliveries-table' },
              h('caption', { class: 'sr-only', text: 'Recent webhook deliveries' }),
              h('thead', {}, h('tr', {}, ...['Event', 'Endpoint', 'Status', 'Tries and answers', 'Actions'].map((t) => h('th', { scope: 'col', text: t })))),
              h('tbody', {}, ...sent.deliveries.map((d) => deliveryRow(d, urls))),
            )
          : h('p', { class: 'muted', text: 'No deliveries yet.' }),
      );
    } catch (err) {
      if (isDisposed() || err.name === 'AbortError' || handleAuthError(err)) return;
      replace(endpointsHost, errorAlert('Could not load the webhooks', err, load));
    }
  }

  const section = h(
    'section',
    { class: 'card', 'aria-labelledby': 'webhooks-heading' },
    h('h2', { id: 'webhooks-heading', class: 'section-heading', text: 'Webhooks' }),
    endpointsHost,
    form,
    h('h3', { class: 'sub-heading', text: 'Recent deliveries' }),
    deliveriesHost,
  );
  return { section, load };
}
