/**
 * An issue's briefing email as it will be sent: its subject, its HTML in a sandboxed frame and its plain text. The
 * send page and the publish page show it the same way.
 */
export function BriefingPreview({ subject, html, text, to }: { subject: string; html: string; text: string; to: string }) {
  return (
    <section aria-labelledby="preview-heading">
      <h2 id="preview-heading">Preview</h2>
      <p>
        Subject: <strong>{subject}</strong>. As a test copy to {to} renders it; each subscriber’s copy has their own unsubscribe link.
      </p>
      <h3>As HTML</h3>
      {/* The email's own HTML, from our template; sandboxed all the same: no scripts, no forms, no same origin. */}
      <iframe className="email-preview" title={`The email “${subject}”, as HTML`} sandbox="" srcDoc={html} />
      <details className="email-text">
        <summary>As plain text</summary>
        <pre tabIndex={0} aria-label={`The email “${subject}”, as plain text`}>
          {text}
        </pre>
      </details>
    </section>
  );
}
