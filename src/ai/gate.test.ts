import { describe, expect, it } from 'vitest';
import { claudeGate, needsAuthorPermission, type GateInput } from './gate.js';

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

  describe('membership by repository permission (author_association shows private org members as CONTRIBUTOR)', () => {
    const contributor: GateInput = { ...base, authorAssociation: 'CONTRIBUTOR' };

    it.each([
      ['write', 'write'],
      ['write', 'maintain'],
      ['admin', 'admin'],
      ['write', 'release-manager'], // a custom role based on write: its legacy permission is write
    ])('lets a CONTRIBUTOR with permission %s (role %s) through, and notes why', (permission, roleName) => {
      const d = claudeGate({ ...contributor, permission: { known: true, login: 'ada', permission, roleName } });
      expect(d.run).toBe(true);
      expect(d.run && d.note).toContain('ada is CONTRIBUTOR by author_association but has');
    });

    it.each([
      ['read', 'read'],
      ['read', 'triage'],
      ['none', ''],
    ])('keeps a CONTRIBUTOR with permission %s (role %s) out, naming the permission', (permission, roleName) => {
      const d = claudeGate({ ...contributor, permission: { known: true, login: 'ada', permission, roleName } });
      expect(d).toEqual({ run: false, reason: expect.stringContaining(`this author is CONTRIBUTOR to the repository, with \`${roleName || permission}\` permission`) });
    });

    it('falls back to author_association when the permission could not be read, and says so', () => {
      const d = claudeGate({ ...contributor, permission: { known: false, login: 'ada', why: 'GitHub answered 403 Forbidden on GET /repos/acme/app/collaborators/ada/permission: Resource not accessible by integration' } });
      expect(d.run).toBe(false);
      const reason = !d.run ? d.reason : '';
      expect(reason).toContain('this author is CONTRIBUTOR to the repository by author_association');
      expect(reason).toContain('their repository permission could not be read (GitHub answered 403 Forbidden');
      expect(reason).toContain('so author_association decided');
    });

    it('a member by association needs no permission, whatever a lookup said', () => {
      expect(claudeGate({ ...base, permission: { known: true, login: 'ada', permission: 'read', roleName: 'read' } })).toEqual({ run: true });
    });

    it('asks for the permission only when claude-for: members, Claude could run, and the association says no', () => {
      expect(needsAuthorPermission(contributor)).toBe(true);
      expect(needsAuthorPermission({ ...contributor, authorAssociation: 'NONE' })).toBe(true);
      expect(needsAuthorPermission(base)).toBe(false);
      expect(needsAuthorPermission({ ...contributor, claudeFor: 'everyone' })).toBe(false);
      expect(needsAuthorPermission({ ...contributor, claudeFor: 'ai-review' })).toBe(false);
      expect(needsAuthorPermission({ ...contributor, mode: 'off' })).toBe(false);
      expect(needsAuthorPermission({ ...contributor, hasKey: false })).toBe(false);
    });
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
