/**
 * The article markup in one line (lib/articles/markup.tsx renders it): shown as the body field's help, so it is
 * read out with the field. Inline only: it sits in the field's help paragraph.
 */
export function MarkupGuide() {
  return (
    <>
      A blank line between paragraphs; <code>## Heading</code>; <code>*emphasis*</code> and <code>**strong**</code>;{' '}
      <code>[words](https://address)</code> for a link (or a path on this site, like <code>/issues</code>); <code>&gt; </code> before a
      quotation; <code>- </code> or <code>1. </code> before the items of a list. Anything else shows as plain text.
    </>
  );
}
