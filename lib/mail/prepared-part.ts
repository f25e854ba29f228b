import { encode, wrap } from 'nodemailer/lib/qp';

/**
 * A text part of a message sent to many recipients, encoded once. A send's thousands of copies differ only in each
 * recipient's link; nodemailer would quoted-printable-encode the whole HTML and text again for every one, which
 * measured as the largest single share of a send's CPU (`BENCH_PARTS=sending npm run bench` with BENCH_NODE_ARGS
 * --cpu-prof). So the parts are encoded once, in pieces around the places where the link goes, with nodemailer's own
 * encoder; a recipient's copy joins them with the encoded link, and nodemailer takes it as the part's raw content.
 * Each piece ends on a soft line break ("=" at the end of a line, which a decoder removes), so the next piece and the
 * link start on a line of their own and no line grows past the 76 characters of RFC 2045.
 */
export type PreparedPart = { contentType: string; pieces: string[] };

const LINE = 76;
const SOFT_BREAK = '=\r\n';

function encoded(text: string): string {
  // With CRLF line ends: nodemailer writes them as the message's own line ends, and wrap keeps them as hard breaks.
  return wrap(encode(text.replace(/\r?\n/g, '\r\n')), LINE);
}

/** `pieces` are the part's text around the places where each recipient's insert goes (so one more than inserts). */
export function preparePart(contentType: 'text/plain' | 'text/html', pieces: string[]): PreparedPart {
  return { contentType, pieces: pieces.map((piece) => (piece === '' ? '' : encoded(piece) + SOFT_BREAK)) };
}

/** nodemailer's `raw` content for this part: its headers, and its pieces joined by `insert` (encoded here). */
export function rawPart(part: PreparedPart, insert: string): string {
  const joint = insert === '' ? '' : encoded(insert) + SOFT_BREAK;
  const body = part.pieces.join(joint);
  // The part ends where its text does: no soft break before the boundary.
  return (
    `Content-Type: ${part.contentType}; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n` +
    (body.endsWith(SOFT_BREAK) ? body.slice(0, -SOFT_BREAK.length) : body)
  );
}
