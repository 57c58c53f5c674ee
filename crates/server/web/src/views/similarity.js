// Similar final answers of two candidates: the two codes side by side, the shared regions marked.

import { h, srOnly } from '../dom.js';

/** Region number (1-based) per line number (1-based) of one side. */
function regionsByLine(regions, key) {
  const map = new Map();
  regions.forEach((region, index) => {
    const [first, last] = region[key] ?? [];
    if (!Number.isInteger(first) || !Number.isInteger(last)) return;
    for (let line = first; line <= last; line++) if (!map.has(line)) map.set(line, index + 1);
  });
  return map;
}

function codeSide(label, code, regionOf) {
  const lines = (code ?? '').replace(/\n$/, '').split('\n');
  let previous = 0;
  return h(
    'div',
    { class: 'sim-side' },
    h('p', { class: 'detail-label', text: label }),
    h(
      'pre',
      { class: 'code-block sim-code' },
      h(
        'code',
        {},
        lines.map((text, index) => {
          const region = regionOf.get(index + 1) ?? 0;
          const starts = region && region !== previous;
          previous = region;
          return h(
            'span',
            { class: `code-line${region ? ' is-similar' : ''}`, 'data-region': region || null },
            h('span', { class: 'line-number', 'aria-hidden': 'true', text: String(index + 1) }),
            starts ? srOnly(`(similar region ${region} starts) `) : null,
            region ? h('span', { class: 'region-tag', 'aria-hidden': 'true', text: starts ? String(region) : '' }) : null,
            text,
          );
        }),
      ),
    ),
  );
}

export function shareText(share) {
  return `${Math.round((share ?? 0) * 100)}%`;
}

/**
 * One pair: a summary line and, inside a disclosure, the codes side by side.
 * `problemTitle(slug)` names the problem; `candidateHref(inv)` links a candidate's report.
 */
export function similarityPair(pair, { problemTitle = (s) => s, candidateHref = null, open = false } = {}) {
  // A candidate of another of the team's assessments is named with it and linked to its report.
  const label = (side) => (side.assessment_title ? `${side.name} (${side.assessment_title})` : side.name);
  const href = (side) =>
    side.assessment
      ? `#/team/assessments/${encodeURIComponent(side.assessment)}/candidates/${encodeURIComponent(side.invitation)}`
      : candidateHref?.(side.invitation);
  const link = (side) => (href(side) ? h('a', { href: href(side), text: label(side) }) : h('strong', { text: label(side) }));
  const regions = pair.regions ?? [];
  return h(
    'details',
    { class: 'sim-pair', open },
    h(
      'summary',
      {},
      h('span', { class: 'sim-share', text: shareText(pair.share) }),
      ' ',
      `${problemTitle(pair.problem)}: ${label(pair.a)} and ${label(pair.b)}`,
    ),
    h(
      'div',
      { class: 'sim-body' },
      h(
        'p',
        { class: 'muted small' },
        link(pair.a),
        ' and ',
        link(pair.b),
        ` share ${shareText(pair.share)} of the fingerprints of their final code (code from the starter and the problem’s reference solutions left out), in ${regions.length} region${regions.length === 1 ? '' : 's'}. Marked lines are similar; the numbers pair the regions up. This is a prompt for a review, not a verdict.`,
      ),
      h(
        'div',
        { class: 'sim-sides' },
        codeSide(pair.a.name, pair.a_code, regionsByLine(regions, 'a_lines')),
        codeSide(pair.b.name, pair.b_code, regionsByLine(regions, 'b_lines')),
      ),
    ),
  );
}
