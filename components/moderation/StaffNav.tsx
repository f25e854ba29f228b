import Link from '@/components/Link';
import type { UserRole } from '@/db/schema';
import { can } from '@/lib/auth/permissions';
import { STAFF_PAGES, type FixedStaffPage } from '@/lib/moderation/staff-page';

const PAGES: { href: FixedStaffPage; label: string }[] = [
  { href: '/moderation', label: 'Queue' },
  { href: '/moderation/log', label: 'Log' },
  { href: '/admin/settings', label: 'Settings' },
  { href: '/admin/people', label: 'People' },
  { href: '/admin/subscribers', label: 'Subscribers' },
  { href: '/admin/issues', label: 'Issues' },
  { href: '/admin/authors', label: 'Authors' },
  { href: '/admin/import', label: 'Import' },
];

/** The staff pages this role may open, the current one marked. */
export function StaffNav({ current, role }: { current: string; role: UserRole }) {
  return (
    <nav className="staff-nav" aria-label="Staff">
      <ul>
        {PAGES.filter((page) => can({ role }, STAFF_PAGES[page.href])).map((page) => (
          <li key={page.href}>
            <Link href={page.href} aria-current={page.href === current ? 'page' : undefined}>
              {page.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** What the last action did, from the address it redirected to: fixed messages only, never text from the address. */
const DONE: Record<string, string> = {
  approved: 'Approved.',
  rejected: 'Rejected; the author can see the reason.',
  'bulk-approved': 'The selected responses were approved.',
  'bulk-rejected': 'The selected responses were rejected.',
  featured: 'Featured: it shows first under the article.',
  unfeatured: 'No longer featured.',
  suspended: 'The reader is suspended.',
  banned: 'The reader is banned.',
  lifted: 'The suspension or ban is lifted.',
  'appeal-upheld': 'The rejection stands; the author can see that.',
  'appeal-overturned': 'Overturned: the response is published.',
  mode: 'The article’s responses setting is changed.',
  settings: 'Settings saved.',
  role: 'Role changed.',
  domains: 'Blocked domains saved.',
  unsubscribed: 'Unsubscribed: they get no more briefings.',
  'test-sent': 'A test copy is on its way to your address.',
  sending: 'Sending has started.',
  scheduled: 'Scheduled.',
  'scheduled-early-hour': 'Scheduled. That time happens twice that night (the clocks go back): it goes at the first.',
  unscheduled: 'The schedule is cancelled: nothing was sent.',
  paused: 'Paused: nothing more goes out until you resume.',
  resumed: 'Sending again.',
  'send-cancelled': 'Cancelled: no more messages go out.',
  retrying: 'The failed messages are being sent again.',
  resending: 'The uncertain messages are being sent again.',
  // The publish page.
  published: 'Published: it is on the site, the archive, the feed and the sitemap now.',
  'published-sending': 'Published, and sending to subscribers has started.',
  'publish-scheduled': 'Scheduled: it will be published at the time shown.',
  'publish-scheduled-early-hour': 'Scheduled. That time happens twice that night (the clocks go back): it is published at the first.',
  'publish-unscheduled': 'The schedule is cancelled: the issue is a draft again.',
  'article-published': 'The article is published.',
  'article-unpublished': 'The article is unpublished: its address answers with your note.',
  'article-republished': 'The article is published again.',
};

export function DoneMessage({ done }: { done: string | undefined }) {
  const message = done ? DONE[done] : undefined;
  if (!message) return null;
  return (
    <p className="form-done" role="status">
      {message}
    </p>
  );
}
