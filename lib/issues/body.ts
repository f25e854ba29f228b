/**
 * Articles end by inviting responses ("… we would like to hear from you"); that paragraph is stored in its own
 * field (`articles.invitation`) and leads to the responses. The rule is migration 0006's, which moved it out of the
 * bodies already stored: the body's last paragraph, a single line after a blank one, naming "hear from you".
 */
const INVITATION = /\n[ \t]*\n[ \t]*([^\n]*\bhear from you\b[^\n]*?)\s*$/i;

/** The body without its closing invitation, and the invitation ('' when it has none). */
export function splitInvitation(body: string): { body: string; invitation: string } {
  const found = INVITATION.exec(body);
  // As the migration's rtrim: spaces only, so the body keeps its last paragraph exactly as written.
  return found ? { body: body.slice(0, found.index).replace(/ +$/, ''), invitation: found[1]! } : { body, invitation: '' };
}
