import { splitHighlights } from '@/lib/search/highlight';

/** Search text with its matches in <mark>, built from text nodes only. */
export function Highlighted({ text }: { text: string }) {
  return <>{splitHighlights(text).map((segment, index) => (segment.marked ? <mark key={index}>{segment.text}</mark> : segment.text))}</>;
}
