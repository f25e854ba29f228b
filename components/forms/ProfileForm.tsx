'use client';

import { useActionState } from 'react';
import { saveProfile } from '@/lib/accounts/actions';
import { IDLE } from '@/lib/actions/guard-state';
import { FieldError, FormFeedback } from './FormFeedback';
import { SubmitButton } from './SubmitButton';

export function ProfileForm({ profile }: { profile: { displayName: string | null; affiliation: string | null; notifyReplies: boolean } }) {
  const [state, action] = useActionState(saveProfile, IDLE);
  const values = state.values;
  const nameError = state.fieldErrors?.displayName;
  const affiliationError = state.fieldErrors?.affiliation;
  return (
    <form action={action} className="stacked-form" noValidate>
      <FormFeedback state={state} />
      <div className="field">
        <label htmlFor="profile-name">Your name</label>
        <p className="field-help" id="profile-name-help">
          Shown beside your responses. Required before your first response; up to 60 characters.
        </p>
        <input
          id="profile-name"
          name="displayName"
          autoComplete="name"
          defaultValue={values?.displayName ?? profile.displayName ?? ''}
          key={`name-${values?.displayName ?? profile.displayName ?? ''}`}
          aria-invalid={nameError ? true : undefined}
          aria-describedby={`profile-name-help${nameError ? ' profile-name-error' : ''}`}
          required
        />
        <FieldError id="profile-name-error" message={nameError} />
      </div>
      <div className="field">
        <label htmlFor="profile-affiliation">Your organisation (optional)</label>
        <p className="field-help" id="profile-affiliation-help">
          Readers of the briefing often sign as “Name, Organisation”.
        </p>
        <input
          id="profile-affiliation"
          name="affiliation"
          autoComplete="organization"
          defaultValue={values?.affiliation ?? profile.affiliation ?? ''}
          key={`affiliation-${values?.affiliation ?? profile.affiliation ?? ''}`}
          aria-invalid={affiliationError ? true : undefined}
          aria-describedby={`profile-affiliation-help${affiliationError ? ' profile-affiliation-error' : ''}`}
        />
        <FieldError id="profile-affiliation-error" message={affiliationError} />
      </div>
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
