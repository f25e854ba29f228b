import { SubmitButton } from '@/components/forms/SubmitButton';
import { TextField } from '@/components/forms/TextField';
import { ResponseBody } from '@/components/ResponseBody';
import { formatDateTime } from '@/lib/format';
import { approveResponse, decideAppeal, featureResponse, rejectResponse, sanctionReader } from '@/lib/moderation/actions';
import { ROLE_NAMES } from '@/lib/moderation/access';
import type { QueueItem as Item } from '@/lib/moderation/queries';
import { HOLD_REASONS, REJECTION_REASONS, REPORT_REASONS, rejectionText } from '@/lib/moderation/reasons';
import { StaffForm } from './StaffForm';

const STATUS_NAMES = { pending: 'Awaiting review', published: 'Published', rejected: 'Rejected', removed: 'Removed' } as const;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function accountAge(joinedAt: Date, now = Date.now()): string {
  const days = Math.floor((now - joinedAt.getTime()) / 86_400_000);
  if (days < 1) return 'joined today';
  if (days < 60) return `joined ${plural(days, 'day')} ago`;
  const months = Math.floor(days / 30.4);
  return months < 24 ? `joined ${plural(months, 'month')} ago` : `joined ${plural(Math.floor(days / 365), 'year')} ago`;
}

/** How many of a reason's reports did not count toward hiding the response, and why (see countsTowardHiding). */
function notCounted({ count, uncounted }: { count: number; uncounted: number }): string {
  const howMany = uncounted < count ? `${uncounted} not counted` : count === 1 ? 'not counted' : 'none counted';
  return `${howMany} — new account or nothing published`;
}

/**
 * One response in the queue, with all a moderator needs to decide on it: the article and the response it answers,
 * the author's age and record, what put it here (a rule, reports, an appeal), and the actions. Focusable (j/k and
 * the focus after an action land on it); every form works without JavaScript.
 */
export function QueueItem({ item, returnTo, next }: { item: Item; returnTo: string; next: number | null }) {
  const name = item.author?.name ?? (item.author ? 'A reader with no name yet' : 'A former reader');
  const navigation = { returnTo, next };
  const sanctioned = item.author?.sanctioned ?? false;
  const openAppeal = item.appeal && !item.appeal.decidedAt ? item.appeal : null;
  const canApprove = item.status === 'pending' || item.status === 'rejected' || (item.status === 'published' && item.reports.length > 0);
  return (
    <article className="queue-item" id={`item-${item.id}`} tabIndex={-1} data-queue-item aria-labelledby={`item-${item.id}-title`}>
      <header className="queue-item__header">
        <input
          type="checkbox"
          name="selected"
          value={item.id}
          form="bulk"
          id={`select-${item.id}`}
          aria-label={`Select the response by ${name}`}
          className="queue-item__select"
        />
        <h3 id={`item-${item.id}-title`}>
          {name}
          {item.author && item.author.role !== 'reader' && <span className="badge">{ROLE_NAMES[item.author.role]}</span>} on{' '}
          <a href={item.article.path}>{item.article.title}</a>
        </h3>
      </header>
      <p className="queue-item__meta">
        <span className={`status status--${item.status}`}>{STATUS_NAMES[item.status]}</span> · response {item.id} ·{' '}
        <time dateTime={item.createdAt.toISOString()}>{formatDateTime(item.createdAt)}</time>
        {item.editedAt && ' · edited'}
        {item.featured && ' · featured'}
      </p>
      {item.author && (
        <p className="queue-item__author">
          {item.author.email} · {accountAge(item.author.joinedAt)} · {plural(item.author.record.approved, 'published response')},{' '}
          {item.author.record.rejected} rejected, {item.author.record.reported} reported
          {item.author.banned
            ? ' · banned'
            : sanctioned && item.author.suspendedUntil
              ? ` · suspended until ${formatDateTime(item.author.suspendedUntil)}`
              : ''}
        </p>
      )}
      {item.answers && (
        <blockquote className="queue-item__context">
          <p className="queue-item__context-label">In reply to {item.answers.authorName ?? 'a former reader'}:</p>
          <p>{item.answers.body.length > 280 ? `${item.answers.body.slice(0, 279)}…` : item.answers.body}</p>
        </blockquote>
      )}
      <div className="queue-item__body">
        <ResponseBody source={item.body} />
      </div>
      <ul className="queue-item__why">
        {item.status === 'pending' && item.heldFor && <li>Held: {HOLD_REASONS[item.heldFor] ?? item.heldFor}</li>}
        {item.status === 'rejected' && (
          <li>
            Rejected: {rejectionText(item.rejectionReason)}
            {item.rejectionNote && ` Note: ${item.rejectionNote}`}
          </li>
        )}
        {item.reports.map((report) => (
          <li key={report.reason}>
            Reported {report.count === 1 ? 'once' : `${report.count} times`} as{' '}
            {REPORT_REASONS[report.reason as keyof typeof REPORT_REASONS] ?? report.reason}
            {report.notes.length > 0 && `: “${report.notes.join('”, “')}”`}
            {report.uncounted > 0 && ` (${notCounted(report)})`}
          </li>
        ))}
        {item.appeal && (
          <li>
            Appealed on {formatDateTime(item.appeal.createdAt)}: “{item.appeal.note}”
            {item.appeal.outcome && ` (${item.appeal.outcome === 'upheld' ? 'rejection upheld' : 'overturned'})`}
          </li>
        )}
      </ul>

      <div className="queue-item__actions">
        {openAppeal ? (
          <StaffForm action={decideAppeal} fields={{ appealId: openAppeal.id, ...navigation }} label={`Decide the appeal by ${name}`}>
            <button type="submit" name="outcome" value="overturned" data-shortcut="approve">
              Publish it (overturn)
            </button>
            <button type="submit" name="outcome" value="upheld" className="button-secondary">
              Keep it rejected
            </button>
          </StaffForm>
        ) : (
          canApprove && (
            <StaffForm action={approveResponse} fields={{ responseId: item.id, ...navigation }}>
              <span data-shortcut="approve">
                <SubmitButton label={item.status === 'published' ? 'Keep published' : 'Approve'} pendingLabel="Approving…" />
              </span>
            </StaffForm>
          )
        )}
        {item.status === 'published' && (
          <StaffForm action={featureResponse} fields={{ responseId: item.id, featured: item.featured ? 'no' : 'yes', ...navigation }}>
            <span data-shortcut="feature">
              <SubmitButton
                label={item.featured ? 'Stop featuring' : 'Feature'}
                pendingLabel={item.featured ? 'Stopping…' : 'Featuring…'}
                className="button-secondary"
              />
            </span>
          </StaffForm>
        )}
        {item.status !== 'rejected' && item.status !== 'removed' && (
          <details className="queue-item__more" data-shortcut="reject">
            <summary>Reject…</summary>
            <StaffForm action={rejectResponse} fields={{ responseId: item.id, ...navigation }} className="stacked-form">
              <div className="field">
                <label htmlFor={`reason-${item.id}`}>Reason (the author sees it)</label>
                <select id={`reason-${item.id}`} name="reason" required defaultValue="">
                  <option value="" disabled>
                    Choose a reason
                  </option>
                  {Object.entries(REJECTION_REASONS).map(([code, text]) => (
                    <option key={code} value={code}>
                      {text}
                    </option>
                  ))}
                </select>
              </div>
              <TextField
                multiline
                rows={2}
                id={`note-${item.id}`}
                name="note"
                label="Note to the author (needed for “another reason”)"
                maxLength={500}
              />
              <SubmitButton label="Reject" pendingLabel="Rejecting…" className="button-danger" />
            </StaffForm>
          </details>
        )}
        {item.author && item.author.role === 'reader' && (
          <details className="queue-item__more">
            <summary>Suspend or ban {name}…</summary>
            <StaffForm action={sanctionReader} fields={{ userId: item.author.id, returnTo, next: item.id }} className="stacked-form">
              <fieldset className="choices">
                <legend>What to do</legend>
                <div className="field--check">
                  <input type="radio" id={`kind-suspend-${item.id}`} name="kind" value="suspend" defaultChecked />
                  <label htmlFor={`kind-suspend-${item.id}`}>Suspend for</label>
                  <select name="days" aria-label="Days of suspension" defaultValue="7">
                    <option value="1">1 day</option>
                    <option value="7">7 days</option>
                    <option value="30">30 days</option>
                    <option value="90">90 days</option>
                  </select>
                </div>
                <div className="field--check">
                  <input type="radio" id={`kind-ban-${item.id}`} name="kind" value="ban" />
                  <label htmlFor={`kind-ban-${item.id}`}>Ban</label>
                </div>
                {sanctioned && (
                  <div className="field--check">
                    <input type="radio" id={`kind-lift-${item.id}`} name="kind" value="lift" />
                    <label htmlFor={`kind-lift-${item.id}`}>Lift the suspension or ban</label>
                  </div>
                )}
              </fieldset>
              <TextField id={`sanction-reason-${item.id}`} name="reason" label="Reason (the reader is told it)" maxLength={500} />
              <div className="field--check">
                <input type="checkbox" id={`hide-${item.id}`} name="hideResponses" />
                <label htmlFor={`hide-${item.id}`}>Also remove their published responses</label>
              </div>
              <SubmitButton label="Apply" pendingLabel="Applying…" className="button-danger" />
            </StaffForm>
          </details>
        )}
      </div>
    </article>
  );
}
