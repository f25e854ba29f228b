import type { ReactNode } from 'react';

/** Staff pages: tables and queues want more width than reading does. */
export default function StaffLayout({ children }: { children: ReactNode }) {
  return <div className="staff-page">{children}</div>;
}
