import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { describe, expect, it } from 'vitest';
import { preparePart, rawPart } from './prepared-part';

/** The message nodemailer builds with the two parts given raw, as the bulk mailer sends it, and as a client reads it. */
async function sentAndRead(text: string[], html: string[], insert: string) {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
  const info = await transport.sendMail({
    from: 'briefing@example.org',
    to: 'reader@example.org',
    subject: 'A test',
    text: { raw: rawPart(preparePart('text/plain', text), insert) } as Mail.AttachmentLike,
    html: { raw: rawPart(preparePart('text/html', html), insert) } as Mail.AttachmentLike,
  });
  const source = (info.message as Buffer).toString('utf8');
  return { source, parsed: await simpleParser(source) };
}

const cases: { name: string; pieces: string[]; insert: string }[] = [
  { name: 'a link between two pieces', pieces: ['Before the link: ', '. After it.'], insert: 'https://example.org/email?a=1&b=2' },
  { name: 'the insert first and last', pieces: ['', ' middle ', ''], insert: 'https://example.org/x?token=abc=' },
  {
    name: 'spaces and tabs at the ends of pieces and lines',
    pieces: ['ends with a space \t', ' and starts with one \nline with trailing space \nend '],
    insert: ' spaced ',
  },
  {
    name: 'letters beyond ASCII, = signs and line breaks of both kinds',
    pieces: ['café — “quoted” = 1 😀\r\n', '\nnaïve\n\n'],
    insert: 'é=é',
  },
  {
    name: 'lines much longer than 76 characters',
    pieces: ['x'.repeat(500) + ' ' + 'é'.repeat(200), 'y'.repeat(1000)],
    insert: 'z'.repeat(300),
  },
];

describe('a part encoded once for many messages', () => {
  it.each(cases)('reads back exactly as the whole text would: $name', async ({ pieces, insert }) => {
    const whole = pieces.join(insert);
    const { source, parsed } = await sentAndRead(pieces, pieces, insert);
    // mailparser reads line ends as LF, as a client shows them.
    expect(parsed.text).toBe(whole.replace(/\r\n/g, '\n'));
    expect(parsed.html).toBe(whole.replace(/\r\n/g, '\n'));
    // RFC 2045: no encoded line longer than 76 characters; RFC 5322: CRLF line ends only.
    const lines = source.split('\r\n');
    expect(lines.filter((line) => line.length > 76)).toEqual([]);
    expect(lines.filter((line) => line.includes('\n') || line.includes('\r'))).toEqual([]);
  });

  it('says what it is: a UTF-8 text part in quoted-printable', async () => {
    const { source } = await sentAndRead(['a ', ' b'], ['<p>a ', ' b</p>'], 'c');
    expect(source).toContain(
      'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\na=20=\r\nc=\r\n b\r\n',
    );
    expect(source).toContain(
      'Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<p>a=20=\r\nc=\r\n b</p>\r\n',
    );
  });
});
