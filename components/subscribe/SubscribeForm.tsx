'use client';

import Link from '@/components/Link';
import { useActionState, useEffect, useId, useState } from 'react';
import type { SubscriberStatus } from '@/db/schema';
import { FormFeedback } from '@/components/forms/FormFeedback';
import { SubmitButton } from '@/components/forms/SubmitButton';
import { TextField } from '@/components/forms/TextField';
import { IDLE } from '@/lib/actions/guard-state';
import { CONSENT_WORDING, type FormSource } from '@/lib/subscriptions/consent';
import { requestSubscription, subscribeWithAccount } from '@/lib/subscriptions/actions';

/** Who is looking, as far as subscribing goes: signed in or not, and their address's subscription, if any. */
export type SubscribeViewer = { signedIn: boolean; status: SubscriberStatus | null };

type SubscribeStatus = SubscribeViewer & { stamp: string };
let asking: Promise<SubscribeStatus | null> | undefined;

/**
 * The visitor's subscription, asked once for all the forms on the page (an article has two: its own and the
 * footer's): forms that mount together share the one request, and a later page asks afresh.
 */
function subscribeStatus(): Promise<SubscribeStatus | null> {
  asking ??= fetch('/api/subscribe/status', { credentials: 'same-origin' })
    .then((response) => (response.ok ? (response.json() as Promise<SubscribeStatus>) : null))
    .catch(() => null)
    .finally(() => {
      asking = undefined;
    });
  return asking;
}

/**
 * The subscribe form: an email address, the words the visitor agrees to beside the button, a signed time stamp
 * and a trap field (lib/subscriptions/form-stamp.ts). Works without JavaScript.
 *
 * On a page rendered for the visitor (/subscribe), the server says who they are (`viewer`). On a cached page (an
 * article, the footer) it cannot: once loaded, the form asks app/api/subscribe/status, as the article page asks
 * which responses are the reader's own, and a signed-in reader then gets the one-button form instead (or is told
 * they are subscribed), with a fresh stamp either way. Without JavaScript, everyone there gets the email form.
 */
export function SubscribeForm({ source, stamp, viewer }: { source: FormSource; stamp: string; viewer?: SubscribeViewer }) {
  const [known, setKnown] = useState<SubscribeViewer | undefined>(viewer);
  const [currentStamp, setStamp] = useState(stamp);
  useEffect(() => {
    if (viewer) return;
    let current = true;
    void subscribeStatus().then((data) => {
      if (!current || !data) return;
      setStamp(data.stamp);
      setKnown({ signedIn: data.signedIn, status: data.status });
    });
    return () => {
      current = false;
    };
  }, [viewer]);

  if (known?.signedIn && known.status === 'active')
    return (
      <p className="subscribe-status">
        You receive the briefing by email. <Link href="/subscribe">Your subscription</Link>
      </p>
    );
  if (known?.signedIn) return <AccountSubscribeForm />;
  return <EmailSubscribeForm source={source} stamp={currentStamp} />;
}

export function EmailSubscribeForm({ source, stamp }: { source: FormSource; stamp: string }) {
  const [state, action] = useActionState(requestSubscription, IDLE);
  const id = useId();
  return (
    <form action={action} className="subscribe-form" noValidate>
      <FormFeedback state={state} />
      <input type="hidden" name="source" value={source} />
      <input type="hidden" name="stamp" value={stamp} />
      <div className="subscribe-trap" aria-hidden="true">
        <label htmlFor={`${id}-trap`}>Leave this field empty</label>
        <input id={`${id}-trap`} name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
      </div>
      <TextField
        id={`${id}-email`}
        name="email"
        label="Email address"
        type="email"
        autoComplete="email"
        inputMode="email"
        state={state}
        defaultValue=""
        required
      />
      <div className="subscribe-form__consent">
        <p className="field-help" id={`${id}-consent`}>
          {CONSENT_WORDING[source]}
        </p>
        <SubscribeButton describedBy={`${id}-consent`} />
      </div>
    </form>
  );
}

/** The signed-in reader's one button: their address is proved by signing in, so no email to confirm. */
export function AccountSubscribeForm() {
  const [state, action] = useActionState(subscribeWithAccount, IDLE);
  const id = useId();
  return (
    <form action={action} className="subscribe-form">
      <FormFeedback state={state} hideWhenFieldErrors={false} />
      <input type="hidden" name="returnTo" value="/subscribe" />
      {state.status !== 'done' && (
        <div className="subscribe-form__consent">
          <p className="field-help" id={`${id}-consent`}>
            {CONSENT_WORDING.account}
          </p>
          <SubscribeButton describedBy={`${id}-consent`} />
        </div>
      )}
    </form>
  );
}

/** The button, described by the words beside it: what pressing it agrees to. */
function SubscribeButton({ describedBy }: { describedBy: string }) {
  return <SubmitButton label="Subscribe" pendingLabel="Subscribing…" describedBy={describedBy} />;
}
