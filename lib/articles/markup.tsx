import Markdown, { defaultUrlTransform, type Components } from 'react-markdown';

/**
 * The article markup: Markdown's paragraphs, headings, emphasis, links, quotes and lists — nothing else. The site,
 * the editor's preview and the feed all render a body through `ArticleBody`, so what an editor previews is what
 * readers get. Raw HTML in a body is dropped (never rendered), other Markdown constructs (images, code, tables,
 * rules) are unwrapped to their text, and a link goes only to http(s), mailto or this site's own paths.
 */
export const ALLOWED_ELEMENTS = ['p', 'h2', 'h3', 'h4', 'em', 'strong', 'a', 'blockquote', 'ul', 'ol', 'li', 'br'];

// The article's title is the page's h1: the body's headings start one level below it.
const components: Components = {
  h1: ({ children }) => <h2>{children}</h2>,
  h2: ({ children }) => <h3>{children}</h3>,
  h3: ({ children }) => <h4>{children}</h4>,
  h4: ({ children }) => <h4>{children}</h4>,
  h5: ({ children }) => <h4>{children}</h4>,
  h6: ({ children }) => <h4>{children}</h4>,
  // A link whose address was refused keeps its words and loses the link.
  a: ({ href, children }) => (href ? <a href={href}>{children}</a> : <>{children}</>),
};

const SAFE_LINK = /^(?:https?:\/\/|mailto:|\/(?!\/))/i;

/** A link's address as written when it is safe to follow; otherwise none (the words stay, unlinked). */
export function safeHref(url: string): string {
  const cleaned = defaultUrlTransform(url.trim());
  return SAFE_LINK.test(cleaned) || cleaned.startsWith('#') ? cleaned : '';
}

function resolvedHref(href: string, resolve: (path: string) => string): string {
  return href.startsWith('/') ? resolve(href) : href;
}

/**
 * `resolve` turns this site's own paths into full addresses, for where the body is read away from the site (the
 * feed): a feed reader resolves a bare "/issues" against its own address, or not at all.
 */

export function ArticleBody({ markup, resolve }: { markup: string; resolve?: (path: string) => string }) {
  const transform = resolve ? (url: string) => resolvedHref(safeHref(url), resolve) : safeHref;
  return (
    <Markdown
      skipHtml
      allowedElements={[...ALLOWED_ELEMENTS, 'h1', 'h5', 'h6']}
      unwrapDisallowed
      components={components}
      urlTransform={transform}
    >
      {markup}
    </Markdown>
  );
}
