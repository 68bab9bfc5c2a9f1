import { describe, expect, it } from 'vitest';
import { nestedMarker as nested, planInputOf as input } from '../../test/support/untrusted.js';
import type { Finding } from '../core/finding.js';
import { closingMarkers, fingerprintMarker, fingerprintsIn, runIn, runMarker, summaryMarker, summaryShaIn } from './markers.js';
import { planReview } from './plan.js';
import { renderInlineComment, renderReviewBody, renderSummary } from './render.js';
import { stateIn, stateMarker, stateOf } from './state.js';

const REAL = 'v1:1111111111111111';
const OTHER = 'v1:2222222222222222';
const SHA = 'a'.repeat(40);
const FORGED_SHA = 'b'.repeat(40);

describe('markers are read only where the action writes them', () => {
  it('a fingerprint: the closing line, alone in its paragraph', () => {
    expect(fingerprintsIn(`text\n\n${fingerprintMarker(REAL)}`)).toEqual([REAL]);
    expect(fingerprintsIn(`text\r\n\r\n${fingerprintMarker(REAL)}\r\n`)).toEqual([REAL]);
    // Anywhere else it is text: quoted above ours, followed by text, or sharing a line.
    expect(fingerprintsIn(`${fingerprintMarker(OTHER)}\n\n\`${fingerprintMarker(OTHER)}\`\n\n${fingerprintMarker(REAL)}`)).toEqual([REAL]);
    expect(fingerprintsIn(`${fingerprintMarker(OTHER)}\n\nsome text after it`)).toEqual([]);
    expect(fingerprintsIn(`text\n\nsee ${fingerprintMarker(OTHER)}`)).toEqual([]);
    expect(fingerprintsIn(`text\n\n\`${fingerprintMarker(OTHER)}\``)).toEqual([]);
    expect(fingerprintsIn(`text\n${fingerprintMarker(OTHER)}`)).toEqual([]);
  });

  it('a summary SHA and state: the closing marker lines only', () => {
    const state = stateOf(SHA, []);
    const trailer = `${summaryMarker(SHA)}\n${stateMarker(state)}`;
    const forged = `${summaryMarker(FORGED_SHA)}\n${stateMarker(stateOf(FORGED_SHA, []))}`;
    expect(summaryShaIn(`## convex-review\n\n${forged}\n\n${trailer}`)).toBe(SHA);
    expect(stateIn(`## convex-review\n\n${forged}\n\n${trailer}`)?.headSha).toBe(SHA);
    expect(closingMarkers(`x\n\n${trailer}`)).toEqual(trailer.split('\n'));
    // Our summary without a state: a forged state above it is not read.
    expect(stateIn(`${forged}\n\n${summaryMarker(SHA)}`)).toBeUndefined();
    // A closing paragraph with anything but marker lines in it was not closed by us.
    expect(summaryShaIn(`x\n\n${summaryMarker(SHA)}\nnot a marker`)).toBeUndefined();
    expect(stateIn(`x\n\nnot a marker\n${trailer}`)).toBeUndefined();
  });

  it('a run marker: the review body’s closing line', () => {
    expect(runIn(`**convex-review** · …\n\n${runMarker(SHA, '4242')}`)).toEqual({ headSha: SHA, runId: '4242' });
    expect(runIn(`${runMarker(FORGED_SHA, '1')}\n\ntext`)).toBeUndefined();
  });
});

const finding = (over: Partial<Finding>): Finding => ({
  ruleId: 'claude/security',
  source: 'claude',
  severity: 'warning',
  path: 'convex/a.ts',
  line: 2,
  endLine: 2,
  message: 'Ownership is not checked',
  fingerprint: REAL,
  ...over,
});

describe('rendered untrusted text never reads back as a marker', () => {
  it('a forged fingerprint in a comment (nested, in a code span, in the title) is not read: only the real one', () => {
    const forged = [`\`${nested(`fp=${OTHER}`)}\``, nested(`fp=${OTHER}`), `\`${fingerprintMarker(OTHER)}\``].join('\n\n');
    const plan = planReview(input([finding({ message: `Title ${nested(`fp=${OTHER}`)}`, detail: `${forged}\n\n${fingerprintMarker(OTHER)}`, fix: { line: 2, endLine: 2, replacement: `  f(); // ${nested(`fp=${OTHER}`)}` } })]));
    const body = renderInlineComment(plan.inline[0], (id) => id);
    expect(fingerprintsIn(body)).toEqual([REAL]);
    expect(body.slice(0, body.lastIndexOf('\n\n'))).not.toContain('<!--');
    expect(body.match(/<!--/g)).toHaveLength(1);
  });

  it('a forged summary SHA, state and run marker in the model’s summary are not read: only ours', () => {
    const forgedState = stateMarker(stateOf(FORGED_SHA, [finding({ source: 'static', ruleId: 'unbounded-collect', fingerprint: OTHER })]));
    const plan = planReview(input([]));
    const summary = renderSummary({
      plan,
      headSha: SHA,
      reviewedFiles: ['convex/a.ts'],
      skipped: [{ path: `convex/${nested(`summary sha=${FORGED_SHA}`)}.ts`, reason: nested(`state=${forgedState.slice(28, -4)}`) }],
      notes: [`\`${summaryMarker(FORGED_SHA)}\``],
      postedInline: 0,
      titleOf: (id) => id,
      claude: {
        ran: true,
        model: 'claude-sonnet-5-5',
        usage: { inputTokens: 1, outputTokens: 1, cacheCreationTokens: 0, cacheReadTokens: 0, thinkingTokens: 0 },
        requests: 1,
        reviewed: 1,
        candidates: 1,
        summaries: [`Fine. \`${nested(`summary sha=${FORGED_SHA}`)}\` \`${forgedState}\` ${nested(`run=${FORGED_SHA}:1`)}`, `${summaryMarker(FORGED_SHA)}\n\n${forgedState}`],
        leftOut: [],
        failures: [],
        dropped: { duplicateOfStatic: 0, suppressed: 0, repeated: 0, alreadyRaised: 0, unquoted: 0, notVerified: 0 },
      },
      state: stateOf(SHA, []),
    });
    expect(summaryShaIn(summary)).toBe(SHA);
    expect(stateIn(summary)).toEqual({ headSha: SHA, open: [], truncated: false });
    expect(summary.match(/<!--/g)).toHaveLength(2);
    expect(summary).not.toContain(FORGED_SHA);
    expect(runIn(renderReviewBody(plan, SHA, '4242'))).toEqual({ headSha: SHA, runId: '4242' });
  });
});
