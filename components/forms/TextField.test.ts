import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { FormState } from '@/lib/actions/guard-state';
import { TextField, type TextFieldProps } from './TextField';

/** How a form's text field is written: what ties its label, help and error to the control. */

const render = (props: TextFieldProps) => renderToStaticMarkup(createElement(TextField, props));

/** The opening tag of the element with this id, or of the first element with this name. */
function tag(html: string, selector: { id: string } | { element: string }): string {
  const pattern = 'id' in selector ? new RegExp(`<[a-z]+ [^>]*\\bid="${selector.id}"[^>]*>`) : new RegExp(`<${selector.element}\\b[^>]*>`);
  const found = pattern.exec(html);
  expect(found, `no ${JSON.stringify(selector)} in ${html}`).not.toBeNull();
  return found![0];
}

function attribute(openingTag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(openingTag)?.[1];
}

/** What each of the control's aria-describedby ids names, as text. */
function descriptions(html: string, id: string): string[] {
  const ids = attribute(tag(html, { id }), 'aria-describedby')?.split(' ') ?? [];
  return ids.map((described) => {
    const element = new RegExp(`<([a-z]+) [^>]*\\bid="${described}"[^>]*>(.*?)</\\1>`).exec(html);
    expect(element, `aria-describedby names ${described}, which is not in ${html}`).not.toBeNull();
    return element![2]!.replace(/<[^>]+>/g, '');
  });
}

const refused = (fieldErrors: Record<string, string>, values: Record<string, string>): FormState => ({
  status: 'error',
  message: 'Please correct the form.',
  fieldErrors,
  values,
});

describe('TextField', () => {
  it('ties its label to an input of that id and name, described by nothing and not invalid', () => {
    const html = render({ id: 'signin-email', name: 'email', label: 'Your email address', type: 'email', required: true });

    expect(tag(html, { element: 'label' })).toBe('<label for="signin-email">');
    expect(html).toContain('>Your email address</label>');
    const input = tag(html, { id: 'signin-email' });
    expect(input).toMatch(/^<input /);
    expect(attribute(input, 'name')).toBe('email');
    expect(attribute(input, 'type')).toBe('email');
    expect(input).toContain(' required=""');
    expect(attribute(input, 'aria-describedby')).toBeUndefined();
    expect(attribute(input, 'aria-invalid')).toBeUndefined();
    expect(html).not.toContain('field-error');
  });

  it('is described by its help', () => {
    const html = render({ id: 'profile-name', name: 'displayName', label: 'Your name', help: 'Shown beside your responses.' });

    expect(descriptions(html, 'profile-name')).toEqual(['Shown beside your responses.']);
    expect(attribute(tag(html, { id: 'profile-name' }), 'aria-invalid')).toBeUndefined();
  });

  it('with an error, is invalid and described by its help, then the error', () => {
    const html = render({ id: 'appeal-note', name: 'note', label: 'Why?', help: 'Up to 1,000 characters.', error: 'Say why.' });

    expect(attribute(tag(html, { id: 'appeal-note' }), 'aria-invalid')).toBe('true');
    expect(descriptions(html, 'appeal-note')).toEqual(['Up to 1,000 characters.', 'Say why.']);
    expect(tag(html, { id: 'appeal-note-error' })).toBe('<p class="field-error" id="appeal-note-error">');
  });

  it('with an error and no help, is described by the error alone', () => {
    const html = render({ id: 'delete-confirm', name: 'confirm', label: 'Type “delete”', error: 'Type “delete” to confirm.' });

    expect(descriptions(html, 'delete-confirm')).toEqual(['Type “delete” to confirm.']);
  });

  it('announces its error only when asked', () => {
    const props = { id: 'r-body', name: 'body', label: 'Your response', error: 'Too long.' };
    expect(attribute(tag(render(props), { id: 'r-body-error' }), 'role')).toBeUndefined();
    expect(attribute(tag(render({ ...props, announceError: true }), { id: 'r-body-error' }), 'role')).toBe('alert');
  });

  it('takes its error and what was typed from a refused form, over its own default', () => {
    const state = refused({ note: 'Say more.', other: 'Not this one.' }, { note: 'Because', other: 'x' });
    const html = render({ multiline: true, rows: 5, id: 'appeal-note', name: 'note', label: 'Why?', state, defaultValue: 'Before' });

    expect(html).toContain('>Because</textarea>');
    expect(attribute(tag(html, { id: 'appeal-note' }), 'aria-invalid')).toBe('true');
    expect(descriptions(html, 'appeal-note')).toEqual(['Say more.']);
    expect(html).not.toContain('Not this one.');
  });

  it('keeps its default and stays valid when the form was refused for another field', () => {
    const state = refused({ displayName: 'Choose a name.' }, { displayName: '', affiliation: 'Nesta' });
    const html = render({ id: 'profile-affiliation', name: 'affiliation', label: 'Organisation', state, defaultValue: 'Old' });
    const input = tag(html, { id: 'profile-affiliation' });

    expect(attribute(input, 'value')).toBe('Nesta');
    expect(attribute(input, 'aria-invalid')).toBeUndefined();
    expect(render({ id: 'n', name: 'displayName', label: 'Name', state: { status: 'idle' }, defaultValue: 'Old' })).toContain(
      'value="Old"',
    );
  });

  it('puts an error found before posting ahead of the state’s', () => {
    const state = refused({ body: 'From the server.' }, { body: 'x' });
    const html = render({ multiline: true, rows: 8, id: 'b', name: 'body', label: 'Your response', state, error: 'Too long.' });

    expect(descriptions(html, 'b')).toEqual(['Too long.']);
  });

  it('writes a textarea with its rows, length and requirement', () => {
    const html = render({
      multiline: true,
      rows: 4,
      id: 'report-note',
      name: 'note',
      label: 'Anything else',
      maxLength: 500,
      required: true,
    });
    const textarea = tag(html, { id: 'report-note' });

    expect(textarea).toMatch(/^<textarea /);
    expect(attribute(textarea, 'rows')).toBe('4');
    expect(attribute(textarea, 'maxLength')).toBe('500');
    expect(textarea).toContain(' required=""');
    expect(tag(html, { element: 'label' })).toBe('<label for="report-note">');
  });

  it('shows more of the field after the control and before the error, described in that order', () => {
    const html = render({
      multiline: true,
      rows: 8,
      id: 'b',
      name: 'body',
      label: 'Your response',
      help: 'Up to 5,000 characters.',
      error: 'Too long.',
      describedBy: 'b-count',
      children: createElement('p', { id: 'b-count' }, '12 / 5,000'),
    });

    expect(descriptions(html, 'b')).toEqual(['Up to 5,000 characters.', 'Too long.', '12 / 5,000']);
    expect(html.indexOf('</textarea>')).toBeLessThan(html.indexOf('id="b-count"'));
    expect(html.indexOf('id="b-count"')).toBeLessThan(html.indexOf('id="b-error"'));
  });

  it('writes numbers and their bounds', () => {
    const html = render({
      id: 'maxLinks',
      name: 'maxLinks',
      label: 'Links',
      type: 'number',
      inputMode: 'numeric',
      min: 0,
      max: 100,
      defaultValue: 3,
    });
    const input = tag(html, { id: 'maxLinks' });

    expect([attribute(input, 'type'), attribute(input, 'min'), attribute(input, 'max'), attribute(input, 'value')]).toEqual([
      'number',
      '0',
      '100',
      '3',
    ]);
  });

  it('keeps markup in what was typed, the help and the error as text', () => {
    const state = refused({ note: '<b>bold</b>' }, { note: '</textarea><script>alert(1)</script>' });
    const html = render({ multiline: true, rows: 2, id: 'n', name: 'note', label: 'Note', help: '<i>help</i>', state });

    expect(html).not.toMatch(/<script|<b>|<i>/);
    expect(html).toContain('&lt;/textarea&gt;&lt;script&gt;');
  });
});
