import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeUtf8, FormatError, LIMITS, parseIssue, tidy } from './format';

const FILE = 'issue.txt';
const REAL = fs.readFileSync(new URL('../../content/briefing-2010-09-15.txt', import.meta.url), 'utf8');

/** One well-formed article as lines: title, standfirst, author, one body paragraph. */
function article(title: string, body = 'A body paragraph.'): string[] {
  return [title, '', 'A standfirst.', '', 'Ann Author', '', body];
}

function lines(...parts: string[]): string {
  return parts.join('\n');
}

/** Parses `text`, expects a FormatError and checks where and what it says. */
function expectRefusal(text: string, line: number, problem: string, file = FILE) {
  let caught: unknown;
  try {
    parseIssue(file, text);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(FormatError);
  const error = caught as FormatError;
  expect({ file: error.file, line: error.line, problem: error.problem }).toEqual({ file, line, problem });
  expect(error.message).toBe(`${file}:${line}: ${problem}`);
  expect(error.name).toBe('FormatError');
}

const DATE_WANTED = 'expected the issue\'s date on the first line, like "September 15, 2010" or "2010-09-15"';
const AUTHOR_WANTED = "expected the author's name on a line of its own after the standfirst";

describe('parseIssue on the real briefing', () => {
  const issue = parseIssue('briefing-2010-09-15.txt', REAL);
  const [only] = issue.articles;

  it('reads the date and the one article', () => {
    expect(issue.date).toBe('2010-09-15');
    expect(issue.articles).toHaveLength(1);
    expect(only).toMatchObject({
      position: 1,
      line: 3,
      title: 'We should value local diversity',
      slug: 'we-should-value-local-diversity',
      author: { name: 'Stian Westlake', slug: 'stian-westlake' },
    });
  });

  it('collapses the non-breaking-space runs in the standfirst', () => {
    expect(only!.standfirst).toBe(
      'All too often a successful local project is treated as if it were simply a test bed in the search for grand ' +
        'solutions to society-wide challenges. An obsession with roll out, mainstreaming good practice and achieving ' +
        'scalability have obscured the real value of localism and encouraging a diversity of local approaches. But ' +
        'thinking on this is changing with implications for how local finance might be raised',
    );
    expect(only!.standfirst).not.toMatch(/\u00a0|\s{2}/);
  });

  it('keeps six body paragraphs with the dropped-link spaces tidied', () => {
    const paragraphs = only!.body.split('\n\n');
    expect(paragraphs).toHaveLength(6);
    expect(paragraphs[0]).toMatch(/^It seems that we are finally beginning/);
    expect(paragraphs[2]).toContain('In NESTA’s report Mass Localism, NESTA discussed');
    expect(paragraphs[4]).toContain('Social Impact Bonds, with their ability');
    expect(paragraphs[4]).toContain('one way forward. Community Shares, which allows');
    expect(paragraphs[5]).toBe(
      'The importance of an effective – and innovative – market for social finance to the success of real localism – ' +
        'Mass Localism – can’t be understated. If you are passionate about this – we would like to hear from you.',
    );
    expect(only!.body).not.toMatch(/ ,|\u00a0/);
  });
});

describe('parseIssue on well-formed text', () => {
  it('numbers articles separated by lines of three or more dashes', () => {
    const text = lines('2010-09-15', '', ...article('First'), '', '---', '', ...article('Second'), '-----', ...article('Third'));
    const issue = parseIssue(FILE, text);
    expect(issue.articles.map((a) => [a.position, a.title, a.slug, a.line])).toEqual([
      [1, 'First', 'first', 3],
      [2, 'Second', 'second', 13],
      [3, 'Third', 'third', 21],
    ]);
  });

  it('joins hard-wrapped lines into one paragraph and trims indentation', () => {
    const text = lines(
      'Wednesday, September 15, 2010',
      '',
      '  A title',
      'on two lines',
      '',
      'A standfirst',
      '\twrapped.',
      '',
      'Ann Author',
      '',
      'First paragraph,',
      'wrapped once.',
      '',
      '',
      'Second   paragraph.   ',
    );
    const [only] = parseIssue(FILE, text).articles;
    expect(only).toMatchObject({ title: 'A title on two lines', standfirst: 'A standfirst wrapped.' });
    expect(only!.body).toBe('First paragraph, wrapped once.\n\nSecond paragraph.');
  });

  it('accepts CRLF and CR line endings and a UTF-8 byte order mark', () => {
    const expected = parseIssue(FILE, REAL);
    const lf = REAL.replace(/\r\n?/g, '\n');
    expect(parseIssue(FILE, lf.replace(/\n/g, '\r\n'))).toEqual(expected);
    expect(parseIssue(FILE, lf.replace(/\n/g, '\r'))).toEqual(expected);
    expect(parseIssue(FILE, `\uFEFF${lf}`)).toEqual(expected);
  });

  it('accepts exactly LIMITS.articles articles and texts at their limits', () => {
    const parts = Array.from({ length: LIMITS.articles }, (_, i) => lines(...article(`Article ${i + 1}`)));
    expect(parseIssue(FILE, lines('2010-09-15', '', parts.join('\n---\n'))).articles).toHaveLength(LIMITS.articles);
    const long = lines('2010-09-15', '', 't'.repeat(LIMITS.title), '', 's'.repeat(LIMITS.standfirst), '', 'Ann', '', 'Body.');
    expect(parseIssue(FILE, long).articles[0]!.title).toHaveLength(LIMITS.title);
  });
});

describe('parseIssue refusals', () => {
  it('refuses an empty or whitespace-only file', () => {
    expectRefusal('', 1, `${DATE_WANTED}, found an empty file`);
    expectRefusal(' \n\t\n\u00a0\r\n', 1, `${DATE_WANTED}, found an empty file`);
    expectRefusal('\uFEFF', 1, `${DATE_WANTED}, found an empty file`);
  });

  it('refuses an unparseable, impossible or over-long date', () => {
    expectRefusal(lines('Fortnightly briefing', '', ...article('T')), 1, `${DATE_WANTED}, found "Fortnightly briefing"`);
    expectRefusal(lines('September 31, 2010', '', ...article('T')), 1, `${DATE_WANTED}, found "September 31, 2010"`);
    const long = `September 15, 2010 ${'x'.repeat(60)}`;
    expectRefusal(lines(long, '', ...article('T')), 1, `${DATE_WANTED}, found "${long.slice(0, 57)}…"`);
  });

  it('refuses a date spanning two lines or not followed by a blank line', () => {
    expectRefusal(lines('September 15,', '2010', '', ...article('T')), 2, 'expected a blank line after the date');
    expectRefusal(lines('2010-09-15', 'Title', '', 'Standfirst.'), 2, 'expected a blank line after the date');
  });

  it('refuses each missing part at the end of the file', () => {
    expectRefusal('September 15, 2010\n', 2, "expected the article's title, found the end of the file");
    expectRefusal(
      lines('2010-09-15', '', 'Title'),
      4,
      'expected the standfirst (one paragraph) after the title, found the end of the file',
    );
    expectRefusal(lines('2010-09-15', '', 'Title', '', 'Standfirst.'), 6, `${AUTHOR_WANTED}, found the end of the file`);
    expectRefusal(
      lines('2010-09-15', '', 'Title', '', 'Standfirst.', '', 'Ann Author'),
      8,
      "expected the article's body (paragraphs) after the author, found the end of the file",
    );
  });

  it('refuses a separator with nothing after it', () => {
    expectRefusal(lines('2010-09-15', '', ...article('T'), '---'), 11, "expected the article's title, found the end of the file");
  });

  it('refuses an author block that is a paragraph (a missing standfirst)', () => {
    const body = 'A first paragraph that is taken for the author because the standfirst is missing.';
    expectRefusal(
      lines('2010-09-15', '', 'Title', '', 'Ann Author', '', body, '', 'More.'),
      7,
      `${AUTHOR_WANTED}, found a paragraph of ${body.length} characters (is the standfirst or the author missing?)`,
    );
    expectRefusal(
      lines('2010-09-15', '', 'Title', '', 'Standfirst.', '', 'Ann Author', 'Some Organisation', '', 'Body.'),
      7,
      `${AUTHOR_WANTED}, found a paragraph of 28 characters (is the standfirst or the author missing?)`,
    );
    const manyWords = 'one two three four five six seven eight nine ten eleven twelve thirteen';
    expectRefusal(
      lines('2010-09-15', '', 'Title', '', 'Standfirst.', '', manyWords, '', 'Body.'),
      7,
      `${AUTHOR_WANTED}, found a paragraph of ${manyWords.length} characters (is the standfirst or the author missing?)`,
    );
  });

  it('refuses a title, standfirst, author or paragraph over its limit', () => {
    const over = (n: number) => 'x'.repeat(n + 1);
    expectRefusal(
      lines('2010-09-15', '', over(LIMITS.title), '', 'S.', '', 'Ann', '', 'Body.'),
      3,
      `expected the article's title of at most ${LIMITS.title} characters, found ${LIMITS.title + 1} characters`,
    );
    expectRefusal(
      lines('2010-09-15', '', 'Title', '', over(LIMITS.standfirst), '', 'Ann', '', 'Body.'),
      5,
      `expected the standfirst (one paragraph) after the title of at most ${LIMITS.standfirst} characters, found ${LIMITS.standfirst + 1} characters`,
    );
    expectRefusal(
      lines('2010-09-15', '', 'Title', '', 'S.', '', over(LIMITS.author), '', 'Body.'),
      7,
      `${AUTHOR_WANTED}, found a paragraph of ${LIMITS.author + 1} characters (is the standfirst or the author missing?)`,
    );
    expectRefusal(
      lines('2010-09-15', '', 'Title', '', 'S.', '', 'Ann', '', 'Body.', '', over(LIMITS.paragraph)),
      11,
      `expected a body paragraph of at most ${LIMITS.paragraph} characters, found ${LIMITS.paragraph + 1} characters`,
    );
  });

  it('refuses two articles that give the same address', () => {
    expectRefusal(
      lines('2010-09-15', '', ...article('Same title'), '---', ...article('Same Title!')),
      11,
      'expected each article to have its own title, but this one gives the same address (same-title) as the article on line 3',
    );
  });

  it('refuses more than LIMITS.articles articles at the separator that starts the extra one', () => {
    const text = ['2010-09-15', ''];
    let extraSeparator = 0;
    for (let i = 1; i <= LIMITS.articles + 1; i++) {
      if (i > 1) text.push('---');
      if (i === LIMITS.articles + 1) extraSeparator = text.length;
      text.push(...article(`Article ${i}`));
    }
    expectRefusal(lines(...text), extraSeparator, `expected at most ${LIMITS.articles} articles in one issue`);
  });

  it('refuses NUL and other control characters with their column, but accepts tabs', () => {
    const at = (bad: string) => lines('2010-09-15', '', `Tit${bad}le`, '', 'S.', '', 'Ann', '', 'Body.');
    expectRefusal(at('\u0000'), 3, 'expected text, found the control character U+0000 at column 4');
    expectRefusal(at('\u001b'), 3, 'expected text, found the control character U+001B at column 4');
    expectRefusal(at('\u007f'), 3, 'expected text, found the control character U+007F at column 4');
    expectRefusal(at('\u0085'), 3, 'expected text, found the control character U+0085 at column 4');
    expectRefusal(at('\f'), 3, 'expected text, found the control character U+000C at column 4');
    expect(parseIssue(FILE, at('\t\t')).articles[0]!.title).toBe('Tit le');
  });
});

describe('parseIssue where a separator stands in for a part', () => {
  it('names the separator, on its line', () => {
    const t = (...l: string[]) => lines('2010-09-15', '', ...l);
    expectRefusal(t('---', '', ...article('T')), 3, "expected the article's title, found an article separator (---)");
    expectRefusal(
      t('Title', '---', ...article('T')),
      4,
      'expected the standfirst (one paragraph) after the title, found an article separator (---)',
    );
    expectRefusal(t('Title', '', 'Standfirst.', '', '---', '', ...article('T')), 7, `${AUTHOR_WANTED}, found an article separator (---)`);
    expectRefusal(
      t('Title', '', 'Standfirst.', '', 'Ann', '', '---', '', ...article('T')),
      9,
      "expected the article's body (paragraphs) after the author, found an article separator (---)",
    );
  });
});

describe('decodeUtf8', () => {
  const bytes = (...parts: (string | number[])[]) =>
    Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))));

  it('decodes UTF-8 and drops a byte order mark', () => {
    expect(decodeUtf8(FILE, bytes([0xef, 0xbb, 0xbf], 'Café – “quoted”'))).toBe('Café – “quoted”');
  });

  it('refuses invalid bytes with the line they are on', () => {
    const problem = 'expected UTF-8 text, found bytes that are not valid UTF-8 (save the file as UTF-8)';
    for (const [input, line] of [
      [bytes([0xff], 'September 15, 2010'), 1],
      [bytes('2010-09-15\n\nCaf', [0xe9], '\n'), 3],
      [bytes('2010-09-15\r\n\r\nTitle\r\n', [0xc3, 0x28]), 4],
      [bytes('2010-09-15\rTitle', [0xe2, 0x80]), 2],
    ] as const) {
      let caught: unknown;
      try {
        decodeUtf8('latin1.txt', input);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(FormatError);
      expect(caught).toMatchObject({ file: 'latin1.txt', line, problem, message: `latin1.txt:${line}: ${problem}` });
    }
  });

  it('finds the bad bytes after a genuine U+FFFD', () => {
    expect(() => decodeUtf8(FILE, bytes('2010-09-15 \uFFFD\n\nTitle ', [0xff]))).toThrow(new RegExp(`^${FILE}:3: `));
  });
});

describe('tidy', () => {
  it.each([
    ['Mass Localism , NESTA', 'Mass Localism, NESTA'],
    ['challenges.\u00a0 An obsession', 'challenges. An obsession'],
    ['a\u00a0\u00a0\u00a0b', 'a b'],
    ['too    many   spaces', 'too many spaces'],
    ['Really ? Yes !', 'Really? Yes!'],
    ['a list ; a colon : done .', 'a list; a colon: done.'],
    ['  padded  ', 'padded'],
    ['keep 3,5 and a ,b', 'keep 3,5 and a ,b'],
    ['wait ... what', 'wait ... what'],
    ['10\u00a0km', '10\u00a0km'],
  ])('%j → %j', (input, output) => {
    expect(tidy(input)).toBe(output);
  });
});
