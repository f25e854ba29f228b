import type { Metadata } from 'next';
import { SubmitButton } from '@/components/forms/SubmitButton';
import { TextField } from '@/components/forms/TextField';
import { forbiddenPage } from '@/components/Forbidden';
import { StaffForm } from '@/components/moderation/StaffForm';
import { DoneMessage, StaffNav } from '@/components/moderation/StaffNav';
import { saveSettings } from '@/lib/moderation/admin-actions';
import { readSettings } from '@/lib/moderation/queries';
import { staffViewer } from '@/lib/moderation/staff-page';

export const metadata: Metadata = { title: 'Moderation settings', robots: { index: false } };

const MODES = [
  ['open', 'Open: responses appear at once (the rules may still hold some)'],
  ['premoderated', 'Premoderated: a moderator reads every response first'],
  ['closed', 'Closed: no responses'],
] as const;

type SettingField = { name: string; label: string; help: string };

function NumberField({ name, label, help, value, min }: SettingField & { value: number; min: number }) {
  return (
    <TextField
      id={name}
      name={name}
      label={label}
      help={help}
      type="number"
      inputMode="numeric"
      min={min}
      max={100}
      required
      defaultValue={value}
    />
  );
}

/** A list of words or phrases, one a line. */
function TermsField({ name, label, help, value }: SettingField & { value: readonly string[] }) {
  return <TextField multiline rows={5} id={name} name={name} label={label} help={help} defaultValue={value.join('\n')} />;
}

/** How responses are held and checked. Admins only. */
export default async function SettingsPage({ searchParams }: { searchParams: Promise<{ done?: string }> }) {
  const viewer = await staffViewer('/admin/settings');
  if (!viewer) return forbiddenPage();
  const settings = await readSettings(viewer);
  const { done } = await searchParams;
  return (
    <>
      <h1>Moderation settings</h1>
      <StaffNav current="/admin/settings" role={viewer.role} />
      <DoneMessage done={done} />
      <StaffForm action={saveSettings} fields={{}} className="stacked-form" label="Moderation settings">
        <fieldset className="choices">
          <legend>New articles take responses</legend>
          {MODES.map(([mode, text]) => (
            <div className="field--check" key={mode}>
              <input
                type="radio"
                id={`default-${mode}`}
                name="defaultResponsesMode"
                value={mode}
                defaultChecked={settings.defaultResponsesMode === mode}
              />
              <label htmlFor={`default-${mode}`}>{text}</label>
            </div>
          ))}
        </fieldset>
        <NumberField
          name="holdFirstResponses"
          label="Hold a new reader’s first responses"
          help="How many of a reader’s responses a moderator reads before the rest appear at once (0 for none)."
          value={settings.holdFirstResponses}
          min={0}
        />
        <TermsField
          name="bannedWords"
          label="Banned words and phrases"
          help="One per line. A response using one is rejected, and its author told why. Whole words; capitals and accents do not matter."
          value={settings.bannedWords}
        />
        <TermsField
          name="suspectWords"
          label="Suspect words and phrases"
          help="One per line. A response using one waits for a moderator."
          value={settings.suspectWords}
        />
        <NumberField
          name="maxLinks"
          label="Links a response may carry"
          help="A response with more links than this waits for a moderator."
          value={settings.maxLinks}
          min={0}
        />
        <NumberField
          name="reportThreshold"
          label="Reports that hide a response"
          help="After this many established readers (a day old, with a response published) report a response, it is hidden until a moderator has looked at it. Other readers’ reports only reach the queue."
          value={settings.reportThreshold}
          min={1}
        />
        <SubmitButton label="Save settings" pendingLabel="Saving…" />
      </StaffForm>
      <p className="field-help">
        Each article’s own setting (open, premoderated, closed) is changed from the queue, filtered by that article.
      </p>
    </>
  );
}
