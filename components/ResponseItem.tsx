import { formatDateTime } from '@/lib/format';
import type { ResponseView } from '@/lib/responses/queries';
import { OwnResponseTools } from './OwnResponseTools';
import { ResponseBody } from './ResponseBody';

const HIDDEN = {
  author: 'Removed by its author.',
  staff: 'Removed by the moderators.',
  review: 'Hidden while the moderators look at it.',
} as const;

/** One response: who (name and organisation), when, what — or why it is gone. */
export function ResponseItem({ response, level, replyHref }: { response: ResponseView; level: 3 | 4; replyHref: string | null }) {
  const Heading = level === 3 ? 'h3' : 'h4';
  const name = response.author?.name ?? 'A former reader';
  // Lean markup on purpose: an article page carries 50 of these, twice (HTML and the payload React hydrates from).
  return (
    <article className={response.featured ? 'response response--featured' : 'response'} id={`response-${response.id}`}>
      {response.featured && <p className="response__featured">Featured by the moderators</p>}
      <Heading className="response__author">
        {name}
        {response.author?.affiliation && <span className="response__affiliation">{`, ${response.author.affiliation}`}</span>}
        {response.staff && <span className="badge">Staff</span>}
      </Heading>
      <p className="response__meta">
        <a href={`#response-${response.id}`}>
          <time dateTime={response.createdAt}>{formatDateTime(new Date(response.createdAt))}</time>
        </a>
        {response.editedAt && ' · edited'}
        {response.replyTo && (
          <>
            {' · '}
            <a href={`#response-${response.replyTo.id}`}>{`in reply to ${response.replyTo.name ?? 'a former reader'}`}</a>
          </>
        )}
      </p>
      {response.body === null ? (
        <p className="response__removed">{HIDDEN[response.hiddenBecause ?? 'staff']}</p>
      ) : (
        <div className="response__body">
          <ResponseBody source={response.body} />
        </div>
      )}
      {response.body !== null && (
        <p className="response__actions">
          {replyHref && (
            <a href={replyHref}>
              Reply<span className="visually-hidden">{` to ${name}`}</span>
            </a>
          )}
          <a href={`/responses/${response.id}/report`}>
            Report<span className="visually-hidden">{` the response by ${name}`}</span>
          </a>
          <OwnResponseTools responseId={response.id} />
        </p>
      )}
    </article>
  );
}
