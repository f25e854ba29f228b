import type { ResponseStatus } from '@/db/schema';
import { tagsForResponsesChange } from '@/lib/cache/tags';
import type { Write } from '@/lib/commands/execute';
import { RULES } from '@/lib/moderation/log';
import type { Decision } from '@/lib/moderation/rules';

/** What posting and editing share: the rules' decision stored on the response, logged, and the pages it changes. */

/** Where the rules put a response: published (or left as it was, for an edit), held, or rejected. */
export function statusAfter(decision: Decision, otherwise: ResponseStatus): ResponseStatus {
  return decision.outcome === 'reject' ? 'rejected' : decision.outcome === 'hold' ? 'pending' : otherwise;
}

export function decisionColumns(decision: Decision, status: ResponseStatus) {
  return {
    status,
    heldFor: decision.outcome === 'hold' ? decision.rule : null,
    rejectionReason: decision.outcome === 'reject' ? decision.reason : null,
    rejectionNote: decision.outcome === 'reject' ? decision.detail : null,
  };
}

/** A rejection is logged as made by the rules (a hold is the queue's business, not the log's). */
export function logRulesRejection(write: Write, response: { id: number; authorId: string; articleId: number }, detail: string) {
  return write.log({
    actor: RULES,
    action: 'rules-reject',
    target: { type: 'response', id: response.id },
    subjectId: response.authorId,
    articleId: response.articleId,
    reason: detail,
    after: { status: 'rejected' },
  });
}

/** An article's responses changed (and, when one appears or goes, the counts shown on issue pages). */
export function responsesChanged(articleId: number, countsToo: boolean): string[] {
  return tagsForResponsesChange([articleId], countsToo);
}
