import { changedFields, FIELD_LABELS, type ArticleFields, type ComparedField } from '@/lib/editorial/article-fields';
import { diffText, sideOf, type DiffMode, type DiffPart } from '@/lib/editorial/diff';

/**
 * Two versions of an article side by side, field by field, only the fields that differ: removed words struck out on
 * the left, added ones marked on the right (ins/del, with their meaning in words for screen readers, which do not
 * announce the elements). Plain text throughout: the markup is compared as written, never rendered as HTML here.
 */

type Side = { heading: string; fields: ArticleFields };

const MODES: Record<ArticleFields['responsesMode'], string> = {
  open: 'Open',
  premoderated: 'Premoderated',
  closed: 'Closed',
};

function shown(fields: ArticleFields, field: ComparedField, authorNames: Record<number, string>): string {
  if (field === 'authorId') {
    if (fields.newAuthorName) return `${fields.newAuthorName} (new author)`;
    return fields.authorId === null ? '(no author yet)' : (authorNames[fields.authorId] ?? '(a removed author)');
  }
  if (field === 'responsesMode') return MODES[fields.responsesMode];
  return fields[field];
}

/** What a screen reader hears before a marked part: "[removed: …]" between revisions, "[only in theirs: …]" in a conflict. */
type Markers = { removed: string; added: string };

function Parts({ parts, markers }: { parts: DiffPart[]; markers: Markers }) {
  return (
    <>
      {parts.map((part, index) =>
        part.change === 'added' ? (
          <ins key={index}>
            <span className="visually-hidden">[{markers.added}: </span>
            {part.text}
            <span className="visually-hidden">]</span>
          </ins>
        ) : part.change === 'removed' ? (
          <del key={index}>
            <span className="visually-hidden">[{markers.removed}: </span>
            {part.text}
            <span className="visually-hidden">]</span>
          </del>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </>
  );
}

export function SideBySideDiff({
  before,
  after,
  authorNames,
  mode,
  caption,
  markers = { removed: 'removed', added: 'added' },
}: {
  before: Side;
  after: Side;
  authorNames: Record<number, string>;
  mode: DiffMode;
  caption: string;
  markers?: Markers;
}) {
  const fields = changedFields(before.fields, after.fields);
  if (fields.length === 0) return <p>The two versions are the same.</p>;
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table className="diff-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">{before.heading}</th>
            <th scope="col">{after.heading}</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((field) => {
            const parts = diffText(shown(before.fields, field, authorNames), shown(after.fields, field, authorNames), mode);
            return (
              <tr key={field}>
                <th scope="row">{FIELD_LABELS[field]}</th>
                <td className="diff-text">
                  <Parts parts={sideOf(parts, 'before')} markers={markers} />
                </td>
                <td className="diff-text">
                  <Parts parts={sideOf(parts, 'after')} markers={markers} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
