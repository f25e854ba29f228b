'use client';

import Link from '@/components/Link';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';

/**
 * The article page is cached and the same for everyone, so it cannot know whose responses are whose. Once it has
 * loaded, this asks which are the reader's own and adds their "Edit or delete" links. Without JavaScript, the same
 * links are on the reader's account page.
 */

type Own = Map<number, string | null>;
const OwnContext = createContext<Own>(new Map());

export function OwnResponsesProvider({ articleId, children }: { articleId: number; children: ReactNode }) {
  const [own, setOwn] = useState<Own>(new Map());
  useEffect(() => {
    const controller = new AbortController();
    fetch(`/api/responses/mine?article=${articleId}`, { signal: controller.signal, credentials: 'same-origin' })
      .then((response) => (response.ok ? response.json() : { own: [] }))
      .then((data: { own: { id: number; editableUntil: string | null }[] }) =>
        setOwn(new Map(data.own.map((item) => [item.id, item.editableUntil]))),
      )
      .catch(() => {});
    return () => controller.abort();
  }, [articleId]);
  return <OwnContext.Provider value={own}>{children}</OwnContext.Provider>;
}

export function OwnResponseTools({ responseId }: { responseId: number }) {
  const own = useContext(OwnContext);
  if (!own.has(responseId)) return null;
  return (
    <>
      {' '}
      <Link href={`/responses/${responseId}`} className="response__own">
        {own.get(responseId) ? 'Edit or delete' : 'Delete'}
        <span className="visually-hidden"> your response</span>
      </Link>
    </>
  );
}
