/**
 * The most a form post may carry. Next refuses a larger server-action body before any of our code runs (with a
 * 500), so the proxy answers it first, by its Content-Length, with a page that says what happened.
 */
export const FORM_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/** Is this a write whose body is over the limit? */
export function isOversizedWrite(method: string, headers: Headers): boolean {
  if (method === 'GET' || method === 'HEAD') return false;
  const length = Number(headers.get('content-length'));
  return Number.isFinite(length) && length > FORM_BODY_LIMIT_BYTES;
}

/** A short page (it works without JavaScript): too long, by how much, and what to do. */
export function oversizedWriteResponse(headers: Headers): Response {
  const megabytes = (Number(headers.get('content-length')) / (1024 * 1024)).toFixed(1);
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Too long</title></head>
<body><main><h1>What you sent is too long</h1>
<p>It was ${megabytes} MB; a form here takes at most ${FORM_BODY_LIMIT_BYTES / (1024 * 1024)} MB, and a response at most 5,000 characters.</p>
<p>Nothing was saved. Go back, shorten your text, and send it again.</p></main></body></html>`;
  return new Response(html, { status: 413, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'private, no-store' } });
}
