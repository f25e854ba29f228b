import { parseMarkup, type Block, type Inline } from '@/lib/responses/markup';
import { matchingTerms } from './match';

/**
 * The one decision every new or edited response gets: publish it, hold it for a moderator (saying which rule
 * fired), or reject it (saying why). Pure: it sees only what it is given.
 */

export type ModerationSettings = {
  holdFirstResponses: number;
  bannedWords: readonly string[];
  suspectWords: readonly string[];
  maxLinks: number;
  reportThreshold: number;
};

export type Decision =
  | { outcome: 'publish' }
  | { outcome: 'hold'; rule: 'premoderated' | 'first-responses' | 'suspect-words' | 'links'; detail: string }
  | { outcome: 'reject'; reason: 'banned-words' | 'sanctioned'; detail: string };

export type Candidate = {
  body: string;
  /** The article's responses mode ('closed' never reaches here: the action refuses first). */
  mode: 'open' | 'premoderated';
  /** A new response, or an edit of one already posted. */
  kind: 'new' | 'edit';
  author: { isStaff: boolean; publishedCount: number; sanctioned: boolean };
};

function countLinks(blocks: Block[]): number {
  const inline = (nodes: Inline[]): number =>
    nodes.reduce(
      (sum, node) => sum + (node.type === 'link' ? 1 : node.type === 'em' || node.type === 'strong' ? inline(node.children) : 0),
      0,
    );
  return blocks.reduce(
    (sum, block) =>
      sum +
      (block.type === 'paragraph'
        ? inline(block.children)
        : block.type === 'quote'
          ? countLinks(block.children)
          : block.items.reduce((n, item) => n + inline(item), 0)),
    0,
  );
}

export function decide(candidate: Candidate, settings: ModerationSettings): Decision {
  // The actions refuse a suspended or banned reader before this; should one get here, nothing is published.
  if (candidate.author.sanctioned) return { outcome: 'reject', reason: 'sanctioned', detail: 'The author is suspended or banned.' };
  const banned = matchingTerms(candidate.body, settings.bannedWords);
  if (banned.length)
    return { outcome: 'reject', reason: 'banned-words', detail: `Uses words that are not allowed here: ${banned.join(', ')}.` };
  // Staff speak for the site: the review rules are for readers.
  if (candidate.author.isStaff) return { outcome: 'publish' };
  if (candidate.mode === 'premoderated') return { outcome: 'hold', rule: 'premoderated', detail: 'The article is premoderated.' };
  if (candidate.kind === 'new' && candidate.author.publishedCount < settings.holdFirstResponses) {
    return { outcome: 'hold', rule: 'first-responses', detail: `One of the reader’s first ${settings.holdFirstResponses} responses.` };
  }
  const suspect = matchingTerms(candidate.body, settings.suspectWords);
  if (suspect.length) return { outcome: 'hold', rule: 'suspect-words', detail: `Contains: ${suspect.join(', ')}.` };
  const links = countLinks(parseMarkup(candidate.body));
  if (links > settings.maxLinks) return { outcome: 'hold', rule: 'links', detail: `${links} links (more than ${settings.maxLinks}).` };
  return { outcome: 'publish' };
}

/**
 * Whose reports count toward hiding a response: readers whose account was this many hours old when they reported,
 * and who had a response published by then. Anyone signed in may report, and every report reaches the queue; but an
 * account costs only an email address, so a handful made for the purpose must not be able to hide anyone.
 */
export const COUNTED_REPORTER_MIN_AGE_HOURS = 24;

/** After a report: does a published response now have enough open reports that count to be hidden for review? */
export function hiddenByReports(countedReports: number, settings: Pick<ModerationSettings, 'reportThreshold'>): boolean {
  return countedReports >= settings.reportThreshold;
}
