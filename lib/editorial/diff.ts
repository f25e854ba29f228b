import { diffLines, diffWords } from 'diff';

/**
 * What changed between two texts, by words (a sentence reworded) or by lines (paragraphs moved or replaced), from
 * the `diff` package. Each side of a side-by-side view shows the parts it has: the old side the removed and the
 * unchanged, the new side the added and the unchanged.
 */
export type DiffMode = 'words' | 'lines';
export type DiffPart = { text: string; change: 'same' | 'added' | 'removed' };

export function diffText(before: string, after: string, mode: DiffMode): DiffPart[] {
  const changes = mode === 'lines' ? diffLines(before, after) : diffWords(before, after);
  return changes.map((change) => ({ text: change.value, change: change.added ? 'added' : change.removed ? 'removed' : 'same' }));
}

/** The parts one side shows. */
export function sideOf(parts: DiffPart[], side: 'before' | 'after'): DiffPart[] {
  const hidden = side === 'before' ? 'added' : 'removed';
  return parts.filter((part) => part.change !== hidden);
}
