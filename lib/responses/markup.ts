/**
 * The small markdown readers may write in a response: paragraphs, line breaks, *emphasis* and **strong**,
 * [links](https://…) and bare https:// addresses, "> " quotes, and "- " or "1. " lists. Parsed to a tree of plain
 * data that components/ResponseBody.tsx turns into React elements: no HTML is ever produced from the text, so
 * anything else a reader types (tags, entities, scripts) stays visible text.
 */

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'break' }
  | { type: 'em' | 'strong'; children: Inline[] }
  | { type: 'link'; href: string; children: Inline[] };

export type Block =
  { type: 'paragraph'; children: Inline[] } | { type: 'quote'; children: Block[] } | { type: 'list'; ordered: boolean; items: Inline[][] };

const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);
const MAX_URL_LENGTH = 2000;
const MAX_DEPTH = 4;

/** The address as a safe href, or null: only http, https and mailto, no credentials, no spaces or controls. */
export function safeHref(raw: string): string | null {
  if (raw.length > MAX_URL_LENGTH || /[\s\u0000-\u001f\u007f<>"'`]/.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (!LINK_PROTOCOLS.has(url.protocol) || url.username || url.password) return null;
  if (url.protocol !== 'mailto:' && !url.hostname) return null;
  return url.href;
}

const LIST_ITEM = /^(?:([-*+])|(\d{1,9})[.)])\s+(.*)$/;
const QUOTE = /^>\s?(.*)$/;

/** Parses a response's text into blocks. */
export function parseMarkup(source: string): Block[] {
  return parseBlocks(source.replace(/\r\n?/g, '\n').split('\n'), 0);
}

function parseBlocks(lines: string[], depth: number): Block[] {
  const blocks: Block[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    if (!line.trim()) {
      index++;
      continue;
    }
    if (QUOTE.test(line.trimStart())) {
      const quoted: string[] = [];
      while (index < lines.length && QUOTE.test(lines[index]!.trimStart())) quoted.push(QUOTE.exec(lines[index++]!.trimStart())![1]!);
      // Quotes inside quotes are read as one quote: depth is limited.
      blocks.push(depth < MAX_DEPTH ? { type: 'quote', children: parseBlocks(quoted, depth + 1) } : paragraph(quoted, depth));
      continue;
    }
    const item = LIST_ITEM.exec(line.trim());
    if (item) {
      const ordered = Boolean(item[2]);
      const items: string[][] = [];
      while (index < lines.length && lines[index]!.trim()) {
        const next = LIST_ITEM.exec(lines[index]!.trim());
        if (next && Boolean(next[2]) === ordered) items.push([next[3]!]);
        else if (next || QUOTE.test(lines[index]!.trimStart())) break;
        else items.at(-1)!.push(lines[index]!.trim()); // a continuation line of the item
        index++;
      }
      blocks.push({ type: 'list', ordered, items: items.map((itemLines) => inlineLines(itemLines, depth)) });
      continue;
    }
    const text: string[] = [];
    while (
      index < lines.length &&
      lines[index]!.trim() &&
      !QUOTE.test(lines[index]!.trimStart()) &&
      !LIST_ITEM.test(lines[index]!.trim())
    ) {
      text.push(lines[index++]!.trim());
    }
    blocks.push(paragraph(text, depth));
  }
  return blocks;
}

function paragraph(lines: string[], depth: number): Block {
  return { type: 'paragraph', children: inlineLines(lines, depth) };
}

/** Lines of one block: each parsed on its own, joined by line breaks. */
function inlineLines(lines: string[], depth: number): Inline[] {
  return lines.flatMap((line, index) => [...(index ? [{ type: 'break' } as const] : []), ...parseInline(line, depth)]);
}

// One alternation, tried left to right at each position: an escape, strong, emphasis, a [text](url) link, or a
// bare address. Underscore emphasis must stand at word edges, so snake_case stays as it is.
const TOKEN =
  /\\([\\`*_{}[\]()#+\-.!>])|\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__(?!\w)|\*(?=[^\s*])(.+?)(?<=[^\s*])\*|(?<!\w)_(?=[^\s_])(.+?)(?<=[^\s_])_(?!\w)|\[([^[\]]{1,500})\]\(([^()\s]{1,2000})\)|(https?:\/\/[^\s<>"'`]+)/g;

/** Closing punctuation that ends a sentence rather than the address. */
function trimBareUrl(url: string): string {
  let end = url.length;
  while (end > 0 && /[.,;:!?'"]/.test(url[end - 1]!)) end--;
  let trimmed = url.slice(0, end);
  // A closing parenthesis belongs to the address only if it opened one.
  while (trimmed.endsWith(')') && (trimmed.match(/\(/g)?.length ?? 0) < (trimmed.match(/\)/g)?.length ?? 0)) trimmed = trimmed.slice(0, -1);
  return trimmed;
}

export function parseInline(text: string, depth = 0): Inline[] {
  const out: Inline[] = [];
  const pushText = (value: string) => {
    if (!value) return;
    const last = out.at(-1);
    if (last?.type === 'text') last.text += value;
    else out.push({ type: 'text', text: value });
  };
  let position = 0;
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(text); match; match = TOKEN.exec(text)) {
    const [whole, escaped, strongA, strongB, emA, emB, linkText, linkUrl, bare] = match;
    let consumed = whole;
    pushText(text.slice(position, match.index));
    const nested = (inner: string) => (depth < MAX_DEPTH ? parseInline(inner, depth + 1) : [{ type: 'text' as const, text: inner }]);
    if (escaped !== undefined) pushText(escaped);
    else if (strongA !== undefined || strongB !== undefined) out.push({ type: 'strong', children: nested((strongA ?? strongB)!) });
    else if (emA !== undefined || emB !== undefined) out.push({ type: 'em', children: nested((emA ?? emB)!) });
    else if (linkText !== undefined) {
      const href = safeHref(linkUrl!);
      // Link text may carry emphasis, never another link.
      if (href) out.push({ type: 'link', href, children: withoutLinks(nested(linkText)) });
      else pushText(whole);
    } else if (bare !== undefined) {
      consumed = trimBareUrl(bare);
      const href = safeHref(consumed);
      if (href) out.push({ type: 'link', href, children: [{ type: 'text', text: consumed }] });
      else pushText(consumed);
    }
    position = match.index + consumed.length;
    TOKEN.lastIndex = position;
  }
  pushText(text.slice(position));
  return out;
}

function withoutLinks(nodes: Inline[]): Inline[] {
  const flat = nodes.flatMap((node): Inline[] => {
    if (node.type === 'link') return withoutLinks(node.children);
    if (node.type === 'em' || node.type === 'strong') return [{ ...node, children: withoutLinks(node.children) }];
    return [node];
  });
  // Text that was split around an unwrapped link is one text again.
  return flat.reduce<Inline[]>((merged, node) => {
    const last = merged.at(-1);
    if (node.type === 'text' && last?.type === 'text') merged[merged.length - 1] = { type: 'text', text: last.text + node.text };
    else merged.push(node);
    return merged;
  }, []);
}

/** The plain text of a response (for notifications and previews): markup removed, links as their words. */
export function plainText(blocks: Block[]): string {
  const inline = (nodes: Inline[]): string =>
    nodes.map((node) => (node.type === 'text' ? node.text : node.type === 'break' ? ' ' : inline(node.children))).join('');
  return blocks
    .map((block) =>
      block.type === 'paragraph'
        ? inline(block.children)
        : block.type === 'quote'
          ? plainText(block.children)
          : block.items.map(inline).join('; '),
    )
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}
