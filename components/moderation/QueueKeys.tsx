'use client';

import { useEffect, useRef, useState, useSyncExternalStore } from 'react';

const SHORTCUTS = [
  ['j', 'Next response'],
  ['k', 'Previous response'],
  ['a', 'Approve (or publish, for an appeal)'],
  ['r', 'Reject: opens the reason'],
  ['f', 'Feature, or stop featuring'],
  ['?', 'Show or hide this list'],
] as const;

function items(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>('[data-queue-item]')];
}

function current(): HTMLElement | null {
  return (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('[data-queue-item]') ?? null;
}

function typing(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

function press(item: HTMLElement, shortcut: string) {
  const target = item.querySelector<HTMLElement>(`[data-shortcut="${shortcut}"]`);
  if (!target) return;
  if (target instanceof HTMLDetailsElement) {
    target.open = true;
    target.querySelector<HTMLElement>('select, input, textarea')?.focus();
    return;
  }
  (target.matches('button') ? target : target.querySelector('button'))?.click();
}

/**
 * Keyboard shortcuts for the queue, an enhancement: every action is also a button. Also moves focus to the item
 * the page names after an action (without JavaScript the address's fragment does that).
 */
const noSubscription = () => () => {};

export function QueueKeys({ focus }: { focus: string | null }) {
  const [helpOpen, setHelpOpen] = useState(false);
  // The hint only where the shortcuts work: rendered in the browser, not in the server's HTML.
  const scripted = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const help = useRef<HTMLDivElement>(null);

  // After a form is sent (and on the first render), focus what the page names. The page may name the same thing
  // twice in a row (the list's heading, once the list is empty), so this follows submissions, not the prop.
  const focusDue = useRef(true);
  useEffect(() => {
    const onSubmit = () => (focusDue.current = true);
    document.addEventListener('submit', onSubmit, true);
    return () => document.removeEventListener('submit', onSubmit, true);
  }, []);
  useEffect(() => {
    if (!focusDue.current || !focus) return;
    focusDue.current = false;
    document.getElementById(focus)?.focus();
  });

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
      if (event.key === '?') {
        event.preventDefault();
        setHelpOpen((open) => !open);
        return;
      }
      if (event.key === 'Escape') {
        setHelpOpen(false);
        return;
      }
      const all = items();
      if (all.length === 0) return;
      const here = current();
      if (event.key === 'j' || event.key === 'k') {
        event.preventDefault();
        const index = here ? all.indexOf(here) : -1;
        const to = event.key === 'j' ? Math.min(index + 1, all.length - 1) : Math.max(index - 1, 0);
        all[to]!.focus();
        return;
      }
      const shortcut = { a: 'approve', r: 'reject', f: 'feature' }[event.key];
      if (shortcut && here) {
        event.preventDefault();
        press(here, shortcut);
      }
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (helpOpen) help.current?.focus();
  }, [helpOpen]);

  return (
    <>
      {scripted && (
        <p className="field-help">
          Keyboard: <kbd>j</kbd> and <kbd>k</kbd> move between responses; press <kbd>?</kbd> for all the shortcuts.
        </p>
      )}
      {helpOpen && (
        <div className="shortcuts" role="dialog" aria-label="Keyboard shortcuts" tabIndex={-1} ref={help}>
          <h2>Keyboard shortcuts</h2>
          <dl>
            {SHORTCUTS.map(([key, what]) => (
              <div key={key}>
                <dt>
                  <kbd>{key}</kbd>
                </dt>
                <dd>{what}</dd>
              </div>
            ))}
          </dl>
          <button type="button" onClick={() => setHelpOpen(false)}>
            Close
          </button>
        </div>
      )}
    </>
  );
}
