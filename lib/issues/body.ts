/**
 * Article bodies are stored as plain paragraphs separated by blank lines. They are rendered as text — by React
 * on pages and by `articleHtml` (which escapes) in the feed — never as HTML from the database.
 */

export function paragraphsOf(body: string): string[] {
  return body
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean);
}

const INVITATION = /\bhear from you\b/i;

/** Articles end by inviting responses ("we would like to hear from you"); that paragraph leads to them. */
export function splitInvitation(paragraphs: string[]): { paragraphs: string[]; invitation?: string } {
  const last = paragraphs.at(-1);
  return last && INVITATION.test(last) ? { paragraphs: paragraphs.slice(0, -1), invitation: last } : { paragraphs };
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

/** The article as HTML for the feed's full content: the standfirst in italics, then the paragraphs. */
export function articleHtml(standfirst: string, body: string): string {
  return [`<p><em>${escapeHtml(standfirst)}</em></p>`, ...paragraphsOf(body).map((p) => `<p>${escapeHtml(p)}</p>`)].join('\n');
}
