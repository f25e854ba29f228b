'use client';

import { useActionState, useEffect, useRef, useState, useSyncExternalStore, type ChangeEvent, type ReactNode } from 'react';
import { FieldError, FormFeedback } from '@/components/forms/FormFeedback';
import { SubmitButton } from '@/components/forms/SubmitButton';
import { IDLE, type FormState } from '@/lib/actions/guard-state';
import { ArticleBody } from '@/lib/articles/markup';
import type { ArticleFields } from '@/lib/editorial/article-fields';
import { slugify } from '@/lib/issues/slugify';
import { MarkupGuide } from './MarkupGuide';

/**
 * The article editor's form. Without JavaScript it is a plain form: Save, or Preview (the page comes back with the
 * preview of what was posted, nothing saved to the article). With it, the preview beside the body follows every
 * keystroke (the site's own ArticleBody), the address is proposed from the title while the article has never been
 * published and the address was not edited, and what is typed is autosaved every few seconds for this editor alone.
 */

type Action = (previous: FormState | undefined, formData: FormData) => Promise<FormState>;

const AUTOSAVE_DELAY_MS = 3000;

const noSubscription = () => () => {};

type Props = {
  articleId: number;
  /** The version the fields were read at (or, after a conflict, the version now saved). */
  version: number;
  initial: ArticleFields;
  /** This editor's autosaved copy: what a refused post was (the page shows it without JavaScript). */
  kept: ArticleFields | null;
  authors: { id: number; name: string }[];
  /** Propose the address from the title (the article has never been published, and its address is still the proposed one). */
  proposeSlug: boolean;
  issueDate: string;
  saveLabel: string;
  save: Action;
  autosave: Action;
};

function authorChoice(fields: ArticleFields): string {
  if (fields.newAuthorName) return 'new';
  return fields.authorId === null ? '' : String(fields.authorId);
}

type Values = Omit<ArticleFields, 'authorId' | 'newAuthorName'> & { author: string; newAuthorName: string };

function valuesOf(fields: ArticleFields): Values {
  const { title, slug, standfirst, body, invitation, newAuthorName, responsesMode, responsesNote } = fields;
  return { title, slug, standfirst, body, invitation, newAuthorName, responsesMode, responsesNote, author: authorChoice(fields) };
}

function Field({
  id,
  label,
  help,
  error,
  children,
}: {
  id: string;
  label: string;
  help?: ReactNode;
  error?: string;
  children: (describedBy: string | undefined) => ReactNode;
}) {
  const describedBy = [help ? `${id}-help` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {help && (
        <p className="field-help" id={`${id}-help`}>
          {help}
        </p>
      )}
      {children(describedBy)}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

export function ArticleEditor(props: Props) {
  const { articleId, version, authors, issueDate, saveLabel, autosave } = props;
  const [state, formAction] = useActionState(props.save, IDLE);
  // After a refused post without JavaScript, the page is rendered anew: the text comes back from the autosave.
  const start = state.status === 'error' && props.kept ? props.kept : props.initial;
  const [values, setValues] = useState<Values>(() => valuesOf(start));
  const [slugEdited, setSlugEdited] = useState(!props.proposeSlug);
  // False in the server's HTML (the Preview button is there for a browser without JavaScript), true once running.
  const scripted = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const [autosaved, setAutosaved] = useState('');
  const form = useRef<HTMLFormElement>(null);
  const typedSince = useRef(false);
  const errors = state.fieldErrors ?? {};

  // Autosave: a few seconds after the last keystroke, for this editor only.
  useEffect(() => {
    if (!typedSince.current) return;
    const timer = setTimeout(async () => {
      if (!form.current) return;
      const answer = await autosave(undefined, new FormData(form.current));
      setAutosaved(
        answer.status === 'done'
          ? `Draft autosaved at ${new Date().toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' })}`
          : `Could not autosave: ${answer.message ?? 'please save soon'}`,
      );
    }, AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [values, autosave]);

  function change<Key extends keyof Values>(key: Key, value: Values[Key]) {
    typedSince.current = true;
    // Once the address is typed in, it no longer follows the title.
    if (key === 'slug') setSlugEdited(true);
    setValues((current) => {
      const next = { ...current, [key]: value };
      if (key === 'title' && !slugEdited) next.slug = slugify(String(value));
      return next;
    });
  }

  /** What ties a control to its value and its error; `describedBy` is what its Field gives it. */
  function bound(key: Exclude<keyof Values, 'responsesMode'>, describedBy: string | undefined) {
    return {
      value: values[key],
      onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => change(key, event.target.value),
      'aria-invalid': errors[key] ? true : undefined,
      'aria-describedby': describedBy,
    };
  }

  const authorName =
    values.author === 'new' ? values.newAuthorName : (authors.find((author) => String(author.id) === values.author)?.name ?? '');

  return (
    <div className="article-editor">
      <form action={formAction} className="stacked-form article-editor__form" aria-label="Edit the article" ref={form} noValidate>
        <input type="hidden" name="articleId" value={articleId} />
        <input type="hidden" name="version" value={version} />
        <FormFeedback state={state} hideWhenFieldErrors={false} />
        <Field id="article-title" label="Title" error={errors.title}>
          {(describedBy) => <input id="article-title" name="title" required maxLength={300} {...bound('title', describedBy)} />}
        </Field>
        <Field
          id="article-slug"
          label="Address (slug)"
          help={`The article’s address: /issues/${issueDate}/${values.slug || '…'}. Left empty, it is made from the title on save.`}
          error={errors.slug}
        >
          {(describedBy) => <input id="article-slug" name="slug" maxLength={80} autoComplete="off" {...bound('slug', describedBy)} />}
        </Field>
        <Field id="article-standfirst" label="Standfirst" help="A sentence or two under the title." error={errors.standfirst}>
          {(describedBy) => <textarea id="article-standfirst" name="standfirst" rows={3} {...bound('standfirst', describedBy)} />}
        </Field>
        <Field id="article-author" label="Author" error={errors.author}>
          {(describedBy) => (
            <select id="article-author" name="author" {...bound('author', describedBy)}>
              <option value="">No author yet</option>
              {authors.map((author) => (
                <option key={author.id} value={author.id}>
                  {author.name}
                </option>
              ))}
              <option value="new">A new author (name below)</option>
            </select>
          )}
        </Field>
        <Field
          id="article-new-author"
          label="New author’s name"
          help="Used when “A new author” is chosen above: the author is created with this save."
          error={errors.newAuthorName}
        >
          {(describedBy) => (
            <input
              id="article-new-author"
              name="newAuthorName"
              maxLength={120}
              autoComplete="off"
              {...bound('newAuthorName', describedBy)}
            />
          )}
        </Field>
        <Field id="article-body" label="Body" help={<MarkupGuide />} error={errors.body}>
          {(describedBy) => <textarea id="article-body" name="body" rows={18} {...bound('body', describedBy)} />}
        </Field>
        <Field
          id="article-invitation"
          label="Closing invitation"
          help="The last paragraph, inviting responses (“We would like to hear from you”)."
          error={errors.invitation}
        >
          {(describedBy) => <textarea id="article-invitation" name="invitation" rows={2} {...bound('invitation', describedBy)} />}
        </Field>
        <Field id="article-mode" label="Responses" error={errors.responsesMode}>
          {(describedBy) => (
            <select
              id="article-mode"
              name="responsesMode"
              value={values.responsesMode}
              onChange={(event) => change('responsesMode', event.target.value as Values['responsesMode'])}
              aria-describedby={describedBy}
            >
              <option value="open">Open: responses appear at once</option>
              <option value="premoderated">Premoderated: a moderator approves each first</option>
              <option value="closed">Closed: no new responses</option>
            </select>
          )}
        </Field>
        <Field
          id="article-note"
          label="Note on responses (optional)"
          help="Shown to readers when responses are premoderated or closed."
          error={errors.responsesNote}
        >
          {(describedBy) => <input id="article-note" name="responsesNote" maxLength={500} {...bound('responsesNote', describedBy)} />}
        </Field>
        <div className="form-actions">
          <SubmitButton label={saveLabel} pendingLabel="Saving…" />
          {/* With JavaScript the preview follows the typing beside the form; without it, this shows it. */}
          {!scripted && (
            <button type="submit" name="intent" value="preview" className="button-secondary">
              Preview
            </button>
          )}
        </div>
        <p role="status" className="autosave-status">
          {autosaved}
        </p>
      </form>
      <section className="article-editor__preview" id="preview" aria-labelledby="preview-heading" tabIndex={-1}>
        <h2 id="preview-heading">Preview{scripted ? '' : ' (as last posted)'}</h2>
        <div className="article-preview">
          <p className="article-preview__title">{values.title}</p>
          {values.standfirst && <p className="standfirst">{values.standfirst}</p>}
          {authorName && <p className="byline">By {authorName}</p>}
          <div className="article-body">
            <ArticleBody markup={values.body} />
            {values.invitation && (
              <div className="invitation">
                <p>{values.invitation}</p>
              </div>
            )}
          </div>
        </div>
      </section>
    </div>
  );
}
