'use client';

import { useActionState } from 'react';
import { saveProfile } from '@/lib/accounts/actions';
import { IDLE } from '@/lib/actions/guard-state';
import { FormFeedback } from './FormFeedback';
import { SubmitButton } from './SubmitButton';
import { TextField } from './TextField';

export function ProfileForm({ profile }: { profile: { displayName: string | null; affiliation: string | null; notifyReplies: boolean } }) {
  const [state, action] = useActionState(saveProfile, IDLE);
  const values = state.values;
  return (
    <form action={action} className="stacked-form" noValidate>
      <FormFeedback state={state} />
      <TextField
        id="profile-name"
        name="displayName"
        label="Your name"
        help="Shown beside your responses. Required before your first response; up to 60 characters."
        autoComplete="name"
        state={state}
        defaultValue={profile.displayName ?? ''}
        required
      />
      <TextField
        id="profile-affiliation"
        name="affiliation"
        label="Your organisation (optional)"
        help="Readers of the briefing often sign as “Name, Organisation”."
        autoComplete="organization"
        state={state}
        defaultValue={profile.affiliation ?? ''}
      />
      <div className="field field--check">
        <input
          id="profile-notify"
          name="notifyReplies"
          type="checkbox"
          defaultChecked={values ? values.notifyReplies === 'on' : profile.notifyReplies}
          key={`notify-${values?.notifyReplies ?? String(profile.notifyReplies)}`}
        />
        <label htmlFor="profile-notify">Email me when someone replies to me</label>
      </div>
      <SubmitButton label="Save" pendingLabel="Saving…" />
    </form>
  );
}
