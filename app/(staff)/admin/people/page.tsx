import type { Metadata } from 'next';
import Link from '@/components/Link';
import { SubmitButton } from '@/components/forms/SubmitButton';
import { TextField } from '@/components/forms/TextField';
import { forbiddenPage } from '@/components/Forbidden';
import { StaffForm } from '@/components/moderation/StaffForm';
import { StoredEmail } from '@/components/moderation/StoredEmail';
import { DoneMessage, StaffNav } from '@/components/moderation/StaffNav';
import { UnreadableSearch } from '@/components/forms/UnreadableSearch';
import { userRoles } from '@/db/schema';
import { formatDateTime } from '@/lib/format';
import { ROLE_NAMES } from '@/lib/moderation/access';
import { setRole } from '@/lib/moderation/admin-actions';
import { readPeople, type Person } from '@/lib/moderation/queries';
import { staffViewer } from '@/lib/moderation/staff-page';
import { unreadableAmong } from '@/lib/text/unreadable';
import { singleValues, type RawSearchParams } from '@/lib/routing/search-params';

export const metadata: Metadata = { title: 'People', robots: { index: false } };

function standing(person: Person): string {
  if (person.banned) return 'Banned';
  if (person.suspendedUntil && person.suspendedUntil.getTime() > Date.now())
    return `Suspended until ${formatDateTime(person.suspendedUntil)}`;
  return '';
}

function RoleForm({ person, viewerId, returnTo }: { person: Person; viewerId: string; returnTo: string }) {
  if (person.id === viewerId) return <>{ROLE_NAMES[person.role]} (you)</>;
  return (
    <StaffForm action={setRole} fields={{ email: person.email, returnTo }} label={`Role of ${person.email}`}>
      <select name="role" defaultValue={person.role} aria-label={`Role of ${person.email}`}>
        {userRoles.map((role) => (
          <option key={role} value={role}>
            {ROLE_NAMES[role]}
          </option>
        ))}
      </select>
      <SubmitButton label="Change" pendingLabel="Changing…" className="button-secondary" />
    </StaffForm>
  );
}

function PeopleTable({ people, caption, viewerId, returnTo }: { people: Person[]; caption: string; viewerId: string; returnTo: string }) {
  return (
    // On a narrow screen the table scrolls in this box, which the keyboard can reach and which its caption names.
    <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table className="people-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email address</th>
            <th scope="col">Joined</th>
            <th scope="col">Standing</th>
            <th scope="col">Role</th>
          </tr>
        </thead>
        <tbody>
          {people.map((person) => (
            <tr key={person.id}>
              <td>{person.displayName ?? '—'}</td>
              <td>
                <StoredEmail email={person.email} />
              </td>
              <td>
                <time dateTime={person.createdAt.toISOString()}>{formatDateTime(person.createdAt)}</time>
              </td>
              <td>{standing(person)}</td>
              <td>
                <RoleForm person={person} viewerId={viewerId} returnTo={returnTo} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Who is staff, finding readers by address or name, and giving roles. Admins only. */
export default async function PeoplePage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const viewer = await staffViewer('/admin/people');
  if (!viewer) return forbiddenPage();
  const { q = '', after, done } = await singleValues<'q' | 'after' | 'done'>(searchParams);
  // Text the database cannot take (NUL) or that arrived garbled is answered, not searched: as in every form.
  const unreadable = unreadableAmong([q, after]);
  const query = unreadable ? '' : q.slice(0, 200);
  const people = await readPeople(viewer, query, (!unreadable && after?.slice(0, 300)) || null);
  const returnTo = query ? `/admin/people?${new URLSearchParams({ q: query })}` : '/admin/people';
  return (
    <>
      <h1>People</h1>
      <StaffNav current="/admin/people" role={viewer.role} />
      <DoneMessage done={done} />
      <PeopleTable people={people.staff} caption="Staff" viewerId={viewer.id} returnTo={returnTo} />

      <h2>Give someone a role</h2>
      <StaffForm action={setRole} fields={{ returnTo }} className="stacked-form" label="Give someone a role">
        <TextField id="grant-email" name="email" label="Email address" type="email" autoComplete="off" required />
        <div className="field">
          <label htmlFor="grant-role">Role</label>
          <select id="grant-role" name="role" defaultValue="moderator">
            {userRoles.map((role) => (
              <option key={role} value={role}>
                {ROLE_NAMES[role]}
              </option>
            ))}
          </select>
        </div>
        <SubmitButton label="Give role" pendingLabel="Saving…" />
      </StaffForm>

      <h2>Find a reader</h2>
      <form method="get" action="/admin/people" className="inline-form" role="search" aria-label="Find a reader">
        <label htmlFor="people-q">Email address or name contains</label>
        <input id="people-q" name="q" type="search" defaultValue={query} />
        <button type="submit">Find</button>
      </form>
      {unreadable && <UnreadableSearch problem={unreadable} what="the search" />}
      {query &&
        (people.found.length ? (
          <PeopleTable people={people.found} caption={`Readers matching “${query}”`} viewerId={viewer.id} returnTo={returnTo} />
        ) : (
          <p>No reader matches “{query}”.</p>
        ))}
      {people.next && (
        <nav className="pager" aria-label="Pages of readers">
          <ul>
            <li>
              <Link href={`/admin/people?${new URLSearchParams({ q: query, after: people.next })}`} rel="next">
                More readers
              </Link>
            </li>
          </ul>
        </nav>
      )}
    </>
  );
}
