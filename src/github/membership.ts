/**
 * The PR author's permission on the repository, for the Claude gate (`claude-for: members`).
 * `author_association` alone is not enough: on a public repository GitHub reports an organization
 * member whose membership is private as CONTRIBUTOR. The collaborator-permission API
 * (`GET /repos/{o}/{r}/collaborators/{username}/permission`) gives the role that counts, from every
 * source of grants (repository, teams, organization). A token that may not ask (403, 404) or a
 * request that fails leaves it unknown, with the reason: the gate then falls back to
 * `author_association` and says so.
 */
import type { AuthorPermission } from '../ai/gate.js';
import type { Octokit } from './client.js';
import { gitHubFailure } from './errors.js';

export async function fetchAuthorPermission(octokit: Octokit, owner: string, repo: string, login: string): Promise<AuthorPermission> {
  if (!login) return { known: false, login, why: 'the pull request names no author' };
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username: login });
    return { known: true, login, permission: data.permission ?? '', roleName: data.role_name ?? '' };
  } catch (error) {
    const failure = gitHubFailure(error);
    if (!failure) throw error;
    return { known: false, login, why: failure.reason };
  }
}
