import type { ReactNode } from 'react';
import { parseMarkup, type Block, type Inline } from '@/lib/responses/markup';

/** A response's text as elements from a fixed set; text is always text (React escapes it), never HTML. */
export function ResponseBody({ source }: { source: string }) {
  return <>{parseMarkup(source).map(renderBlock)}</>;
}

function renderBlock(block: Block, key: number): ReactNode {
  switch (block.type) {
    case 'paragraph':
      return <p key={key}>{block.children.map(renderInline)}</p>;
    case 'quote':
      return <blockquote key={key}>{block.children.map(renderBlock)}</blockquote>;
    case 'list': {
      const items = block.items.map((item, index) => <li key={index}>{item.map(renderInline)}</li>);
      return block.ordered ? <ol key={key}>{items}</ol> : <ul key={key}>{items}</ul>;
    }
  }
}

function renderInline(node: Inline, key: number): ReactNode {
  switch (node.type) {
    case 'text':
      return node.text;
    case 'break':
      return <br key={key} />;
    case 'em':
      return <em key={key}>{node.children.map(renderInline)}</em>;
    case 'strong':
      return <strong key={key}>{node.children.map(renderInline)}</strong>;
    case 'link':
      // Readers' links: not endorsed (nofollow, ugc), and the target learns nothing of this page.
      return (
        <a key={key} href={node.href} rel="ugc nofollow noopener noreferrer">
          {node.children.map(renderInline)}
        </a>
      );
  }
}
