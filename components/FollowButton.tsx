'use client';

import { useActionState, useEffect, useState } from 'react';
import { IDLE } from '@/lib/actions/guard-state';
import { changeFollow } from '@/lib/follows/actions';
import { FormFeedback } from './forms/FormFeedback';
import { SubmitButton } from './forms/SubmitButton';

/**
 * Follow / Unfollow under an article. The article page is cached and the same for everyone, so what is rendered
 * there is a plain "Follow" form (signed out, it leads to sign-in and back); once the page has loaded, this asks
 * whether the reader already follows it and turns into "Unfollow" if so. Without JavaScript, following twice is
 * harmless and the answer says so; unfollowing is also on the reader's email page.
 */
export function FollowButton({ articleId, returnTo }: { articleId: number; returnTo: string }) {
  const [state, action] = useActionState(changeFollow, IDLE);
  const [known, setKnown] = useState<boolean | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    fetch(`/api/follows/mine?article=${articleId}`, { signal: controller.signal, credentials: 'same-origin' })
      .then((response) => (response.ok ? response.json() : { following: false }))
      .then((data: { following: boolean }) => setKnown(data.following))
      .catch(() => {});
    return () => controller.abort();
  }, [articleId]);
  const following = state.status === 'done' ? state.values?.follow === 'yes' : (known ?? false);
  return (
    <form action={action} className="follow-form">
      <input type="hidden" name="articleId" value={articleId} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <input type="hidden" name="follow" value={following ? 'no' : 'yes'} />
      <p className="field-help">{following ? 'You follow this article.' : 'Get its new responses by email, at most once an hour.'}</p>
      <SubmitButton
        label={following ? 'Unfollow this article' : 'Follow this article'}
        pendingLabel={following ? 'Unfollowing…' : 'Following…'}
        className="button-secondary"
      />
      <FormFeedback state={state} hideWhenFieldErrors={false} />
    </form>
  );
}
