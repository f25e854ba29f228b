import { parseIssueDate } from './dates';
import { slugOrHash } from './slug';

/**
 * The organisation's plain-text issue format (see content/README.md): the date; then for each article its title,
 * standfirst, author and body paragraphs, blocks separated by blank lines; articles separated by a line of three
 * or more dashes. Pure: text in, a parsed issue or a FormatError with the line and what was expected out.
 */

export type ParsedArticle = {
  position: number;
  slug: string;
  title: string;
  standfirst: string;
  author: { name: string; slug: string };
  /** Paragraphs separated by one blank line. */
  body: string;
  /** Where the article starts in the file, for messages. */
  line: number;
};

export type ParsedIssue = { date: string; articles: ParsedArticle[] };

export class FormatError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}: ${problem}`);
    this.name = 'FormatError';
  }
}

export const LIMITS = { title: 300, standfirst: 2000, author: 120, paragraph: 20000, articles: 50 } as const;

/** A run of consecutive non-blank lines, joined into one paragraph. */
type Block = { line: number; lineCount: number; text: string };

const SEPARATOR = /^-{3,}$/;
// Tabs are whitespace; every other C0/C1 control character (NUL included) is refused.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/**
 * Undoes what the plain-text mail does to prose: runs of spaces (including the non-breaking spaces that pad
 * sentences in the standfirst) become one space, and the space left before punctuation where a link was
 * dropped ("Mass Localism , NESTA") goes.
 */
export function tidy(text: string): string {
  return text
    .replace(/[\s\u00a0]{2,}/g, ' ')
    .replace(/(\S) ([,;:.!?])(?=\s|$)/g, '$1$2')
    .trim();
}

function describe(block: Block | undefined): string {
  if (!block) return 'the end of the file';
  if (isSeparator(block)) return 'an article separator (---)';
  const preview = block.text.length > 60 ? `${block.text.slice(0, 57)}…` : block.text;
  return `"${preview}"`;
}

function splitBlocks(file: string, text: string): Block[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const blocks: Block[] = [];
  let current: Block | undefined;
  lines.forEach((raw, index) => {
    const line = index + 1;
    const control = CONTROL.exec(raw);
    if (control) {
      const code = control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      throw new FormatError(file, line, `expected text, found the control character U+${code} at column ${control.index + 1}`);
    }
    const trimmed = raw.replace(/^[\s\u00a0]+|[\s\u00a0]+$/g, '');
    if (!trimmed) {
      current = undefined;
      return;
    }
    if (SEPARATOR.test(trimmed)) {
      blocks.push({ line, lineCount: 1, text: '---' });
      current = undefined;
      return;
    }
    if (current) {
      current.text += ` ${trimmed}`;
      current.lineCount++;
    } else {
      current = { line, lineCount: 1, text: trimmed };
      blocks.push(current);
    }
  });
  return blocks.map((block) => (block.text === '---' ? block : { ...block, text: tidy(block.text) }));
}

function isSeparator(block: Block): boolean {
  return SEPARATOR.test(block.text);
}

function expectBlock(file: string, block: Block | undefined, after: Block, what: string, max: number): Block {
  if (!block || isSeparator(block)) {
    throw new FormatError(file, block?.line ?? after.line + after.lineCount, `expected ${what}, found ${describe(block)}`);
  }
  if (block.text.length > max) {
    throw new FormatError(file, block.line, `expected ${what} of at most ${max} characters, found ${block.text.length} characters`);
  }
  return block;
}

/** `end` is the separator closing the article, if any: what a reader of the file finds where a part is missing. */
function parseArticle(file: string, blocks: Block[], position: number, after: Block, end?: Block): ParsedArticle {
  const [titleBlock = end, standfirstBlock = end, authorBlock = end, ...bodyBlocks] = blocks;
  const title = expectBlock(file, titleBlock, after, "the article's title", LIMITS.title);
  const standfirst = expectBlock(file, standfirstBlock, title, 'the standfirst (one paragraph) after the title', LIMITS.standfirst);
  const authorWhat = "the author's name on a line of its own after the standfirst";
  if (
    authorBlock &&
    !isSeparator(authorBlock) &&
    (authorBlock.lineCount > 1 || authorBlock.text.length > LIMITS.author || authorBlock.text.split(' ').length > 12)
  ) {
    throw new FormatError(
      file,
      authorBlock.line,
      `expected ${authorWhat}, found a paragraph of ${authorBlock.text.length} characters (is the standfirst or the author missing?)`,
    );
  }
  const author = expectBlock(file, authorBlock, standfirst, authorWhat, LIMITS.author);
  if (bodyBlocks.length === 0) {
    throw new FormatError(
      file,
      end?.line ?? author.line + 1,
      `expected the article's body (paragraphs) after the author, found ${describe(end)}`,
    );
  }
  for (const paragraph of bodyBlocks) expectBlock(file, paragraph, author, 'a body paragraph', LIMITS.paragraph);
  return {
    position,
    slug: slugOrHash(title.text, 'article'),
    title: title.text,
    standfirst: standfirst.text,
    author: { name: author.text, slug: slugOrHash(author.text, 'author') },
    body: bodyBlocks.map((block) => block.text).join('\n\n'),
    line: title.line,
  };
}

/** Parses one file's text; `file` names it in errors. */
export function parseIssue(file: string, text: string): ParsedIssue {
  const blocks = splitBlocks(file, text);
  const [dateBlock, ...rest] = blocks;
  const dateWhat = 'the issue\'s date on the first line, like "September 15, 2010" or "2010-09-15"';
  if (!dateBlock) throw new FormatError(file, 1, `expected ${dateWhat}, found an empty file`);
  if (dateBlock.lineCount > 1) throw new FormatError(file, dateBlock.line + 1, 'expected a blank line after the date');
  const date = parseIssueDate(dateBlock.text);
  if (!date) throw new FormatError(file, dateBlock.line, `expected ${dateWhat}, found ${describe(dateBlock)}`);

  // Articles are the runs of blocks between separators.
  const groups: { blocks: Block[]; after: Block; end?: Block }[] = [{ blocks: [], after: dateBlock }];
  for (const block of rest) {
    if (isSeparator(block)) {
      groups.at(-1)!.end = block;
      groups.push({ blocks: [], after: block });
    } else groups.at(-1)!.blocks.push(block);
  }
  if (groups.length > LIMITS.articles) {
    throw new FormatError(file, groups[LIMITS.articles]!.after.line, `expected at most ${LIMITS.articles} articles in one issue`);
  }
  const articles = groups.map((group, index) => parseArticle(file, group.blocks, index + 1, group.after, group.end));

  const seen = new Map<string, ParsedArticle>();
  for (const article of articles) {
    const twin = seen.get(article.slug);
    if (twin) {
      throw new FormatError(
        file,
        article.line,
        `expected each article to have its own title, but this one gives the same address (${article.slug}) as the article on line ${twin.line}`,
      );
    }
    seen.set(article.slug, article);
  }
  return { date, articles };
}

/** Decodes a file's bytes, refusing anything that is not UTF-8 with the line where the bad bytes are. */
export function decodeUtf8(file: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Decode line by line to find the first bad one: CR and LF bytes never occur inside a UTF-8 sequence, and a
    // search for U+FFFD in a lenient decode could stop at one the file really contains.
    const strict = new TextDecoder('utf-8', { fatal: true });
    let line = 1;
    for (let start = 0, end = 0; end <= bytes.length; end++) {
      if (end < bytes.length && bytes[end] !== 0x0a && bytes[end] !== 0x0d) continue;
      try {
        strict.decode(bytes.subarray(start, end));
      } catch {
        break;
      }
      if (bytes[end] === 0x0d && bytes[end + 1] === 0x0a) end++;
      line++;
      start = end + 1;
    }
    throw new FormatError(file, line, 'expected UTF-8 text, found bytes that are not valid UTF-8 (save the file as UTF-8)');
  }
}
