/** Why a response was not published: the fixed list moderators choose from, as the author reads it. */
export const REJECTION_REASONS = {
  'off-topic': 'It is not about the article.',
  abusive: 'It is abusive or attacks a person rather than an argument.',
  spam: 'It advertises, or repeats itself.',
  'personal-data': 'It shares someone’s personal details.',
  unlawful: 'It could break the law (for example, it may be defamatory).',
  other: 'Another reason, given in the note.',
} as const;

export type RejectionReason = keyof typeof REJECTION_REASONS;

/** The same reasons as staff read them in the log: short names rather than the sentence the author reads. */
export const REJECTION_NAMES: Record<RejectionReason, string> = {
  'off-topic': 'Off-topic',
  abusive: 'Abusive or a personal attack',
  spam: 'Spam or advertising',
  'personal-data': 'Someone’s personal details',
  unlawful: 'Could break the law',
  other: 'Another reason',
};

export const REJECTION_CODES = Object.keys(REJECTION_REASONS) as RejectionReason[];

/** Reasons the rules give by themselves (lib/moderation/rules.ts), never chosen by a moderator. */
const AUTOMATIC_REJECTIONS: Record<string, string> = {
  'banned-words': 'It uses words that are not allowed here.',
  sanctioned: 'Its author was suspended or banned.',
};

/** A rejection's reason as its author reads it. */
export function rejectionText(code: string | null): string {
  if (code && code in REJECTION_REASONS) return REJECTION_REASONS[code as RejectionReason];
  return (code && AUTOMATIC_REJECTIONS[code]) ?? 'It did not meet the rules for responses.';
}

/** What readers may report a response for. */
export const REPORT_REASONS = {
  spam: 'Spam or advertising',
  abuse: 'Abusive or hateful',
  'off-topic': 'Off-topic',
  other: 'Something else (please say what)',
} as const;

/** Why the rules held a response for review, as staff read it in the queue. */
export const HOLD_REASONS: Record<string, string> = {
  premoderated: 'The article is premoderated.',
  'first-responses': 'One of this reader’s first responses.',
  'suspect-words': 'Contains words on the watch list.',
  links: 'Contains more links than allowed.',
  reports: 'Reported by readers.',
};
