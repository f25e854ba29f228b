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

export const REJECTION_CODES = Object.keys(REJECTION_REASONS) as RejectionReason[];

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
