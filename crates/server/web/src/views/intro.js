// The first page of a candidate's assessment: what it is, how time works, what is recorded,
// the practice problem, and Start (whose click the attempt view handles).

import { h } from '../dom.js';
import { formatDate } from '../format.js';
import { formatMinutes, formatPoints } from './common.js';

/**
 * The intro page's nodes for the Attempt `a`, under `heading`; `practiceHref` links the practice
 * problem (null: none). Returns `{nodes, startButton, startError}`.
 */
export function introView(a, { heading, practiceHref }) {
  const info = a.assessment;
  const serverNow = Date.parse(a.server_time);
  const notYet = a.status === 'not_open' || (Number.isFinite(serverNow) && serverNow < Date.parse(info.opens_at));
  const startButton = h('button', { type: 'button', class: 'btn btn-primary btn-large', id: 'start-button', text: 'Start the assessment' });
  const startError = h('div', { class: 'alert alert-error', role: 'alert', hidden: true });
  const nodes = [
    h(
      'header',
      { class: 'list-header' },
      heading,
      h('p', { class: 'lead', text: `Hello ${a.name}. Please read this page before you start.` }),
    ),
    h(
      'div',
      { class: 'intro-grid' },
      h(
        'div',
        { class: 'intro-main' },
        h(
          'section',
          { class: 'card', 'aria-labelledby': 'facts-heading' },
          h('h2', { id: 'facts-heading', class: 'section-heading', text: 'At a glance' }),
          h(
            'dl',
            { class: 'facts' },
            h('dt', { text: 'Time' }),
            h('dd', { text: `${formatMinutes(info.duration_minutes)}, counted from the moment you press Start. The timer cannot be paused, also not by closing the page.` }),
            h('dt', { text: 'Problems' }),
            h('dd', { text: `${info.problem_count} problem${info.problem_count === 1 ? '' : 's'}, ${formatPoints(info.total_points)} points in all. Your best graded submission on each problem counts; your last saved code is submitted for you when you finish, and never lowers a score.` }),
            h('dt', { text: 'Recorded' }),
            h('dd', { id: 'recorded-notice', text: 'While you work, the editor records your typing (so the hiring team can replay how your code grew), the size of anything you paste, and when this page loses and regains focus, with your runs and submissions. The team sees these as questions they may ask you about, not as a score.' }),
            h('dt', { text: 'Start by' }),
            h('dd', {}, h('time', { datetime: info.closes_at, text: formatDate(info.closes_at) })),
          ),
        ),
        info.instructions_html
          ? h(
              'section',
              { class: 'card', 'aria-labelledby': 'instructions-heading' },
              h('h2', { id: 'instructions-heading', class: 'section-heading', text: 'Instructions' }),
              h('div', { class: 'prose', html: info.instructions_html }),
            )
          : null,
      ),
      h(
        'div',
        { class: 'intro-side' },
        practiceHref
          ? h(
              'section',
              { class: 'card', 'aria-labelledby': 'practice-heading' },
              h('h2', { id: 'practice-heading', class: 'section-heading', text: 'Practice first' }),
              h('p', { text: 'Try the practice problem to get used to the editor and to running your code. It is not scored and does not start the timer.' }),
              h('a', { class: 'btn btn-secondary', href: practiceHref, text: 'Open the practice problem' }),
            )
          : null,
        h(
          'section',
          { class: 'card start-card', 'aria-labelledby': 'start-heading' },
          h('h2', { id: 'start-heading', class: 'section-heading', text: 'Ready?' }),
          notYet
            ? h('p', {}, 'The assessment opens at ', h('time', { datetime: info.opens_at, text: formatDate(info.opens_at) }), '.')
            : h('p', { text: `When you press Start, you have ${formatMinutes(info.duration_minutes)}.` }),
          startError,
          startButton,
        ),
      ),
    ),
  ];

  return { nodes, startButton, startError };
}
