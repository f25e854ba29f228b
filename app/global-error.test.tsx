import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import GlobalError from './global-error';

describe('the last-resort error page', () => {
  it('is a whole document that names itself and says what happened, with no detail of the cause', () => {
    const html = renderToStaticMarkup(<GlobalError error={Object.assign(new Error('secret detail'), { digest: 'x' })} reset={() => {}} />);
    expect(html).toMatch(/^<html lang="en-GB"><head>.*<title>Something went wrong<\/title>.*<\/head><body>/);
    expect(html).toContain('<h1>Something went wrong</h1>');
    expect(html).not.toContain('secret detail');
  });
});
