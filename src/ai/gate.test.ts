import { describe, expect, it } from 'vitest';
import { claudeGate, type GateInput } from './gate.js';

const base: GateInput = { mode: 'auto', hasKey: true, claudeFor: 'members', authorAssociation: 'MEMBER', labels: [] };

describe('the Claude gate', () => {
  it.each(['OWNER', 'MEMBER', 'COLLABORATOR'])('lets a %s through with claude-for: members', (association) => {
    expect(claudeGate({ ...base, authorAssociation: association })).toEqual({ run: true });
  });

  it('keeps a fork contributor out by default, and says how to change that', () => {
    const d = claudeGate({ ...base, authorAssociation: 'CONTRIBUTOR' });
    expect(d).toEqual({ run: false, reason: expect.stringContaining('this author is CONTRIBUTOR') });
    expect(!d.run && d.reason).toContain('claude-for');
  });

  it('lets everyone through with claude-for: everyone', () => {
    expect(claudeGate({ ...base, claudeFor: 'everyone', authorAssociation: 'FIRST_TIME_CONTRIBUTOR' })).toEqual({ run: true });
  });

  it('with a label name, runs only when the pull request carries it', () => {
    expect(claudeGate({ ...base, claudeFor: 'ai-review', authorAssociation: 'NONE', labels: ['ai-review'] })).toEqual({ run: true });
    expect(claudeGate({ ...base, claudeFor: 'ai-review', labels: ['bug'] })).toEqual({ run: false, reason: expect.stringContaining('labelled `ai-review`') });
  });

  it('is off with claude: off, and without a key says static only', () => {
    expect(claudeGate({ ...base, mode: 'off' })).toEqual({ run: false, reason: expect.stringContaining('claude: off') });
    expect(claudeGate({ ...base, mode: 'on', hasKey: false })).toEqual({ run: false, reason: expect.stringContaining('static rules only') });
  });
});
