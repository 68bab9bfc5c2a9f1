/**
 * Each rule's doc page (docs/rules/<id>.md), for SARIF's `help.markdown`: code scanning shows it
 * beside every alert. The pages are bundled as text (one lazy chunk each; the build's `.md`
 * loader), read once when this module loads; relative links are made absolute against the page's
 * own URL, since the text is shown far from the repository.
 */
import { RULE_IDS } from '../convex/rules/index.js';
import { ruleDocsUrl } from '../version.js';

async function docPage(id: string): Promise<string | undefined> {
  try {
    return ((await import(`../../docs/rules/${id}.md`)) as { default: string }).default;
  } catch {
    // A rule without a page is a catalogue test's failure, not a reason to lose the SARIF file.
    return undefined;
  }
}

/** `](../precision.md)` → `](https://…/docs/precision.md)`; absolute links and anchors stay. */
export function absoluteLinks(markdown: string, pageUrl: string): string {
  return markdown.replace(/\]\((?!https?:|mailto:|#)([^)\s]+)\)/g, (_, target: string) => `](${new URL(target, pageUrl).href})`);
}

const pages = await Promise.all(RULE_IDS.map(async (id) => [id, await docPage(id)] as const));

/** Rule id → its doc page as markdown, links absolute. */
export const RULE_HELP: ReadonlyMap<string, string> = new Map(pages.flatMap(([id, text]) => (text === undefined ? [] : [[id, absoluteLinks(text, ruleDocsUrl(id))] as const])));
