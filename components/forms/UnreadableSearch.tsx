import { unreadableMessage, type Unreadable } from '@/lib/text/unreadable';

/** Shown instead of results when the search in the address cannot be read; `what` names it ("the search"). */
export function UnreadableSearch({ problem, what }: { problem: Unreadable; what: string }) {
  return (
    <p className="form-error" role="alert">
      {unreadableMessage(problem, what)}
    </p>
  );
}
