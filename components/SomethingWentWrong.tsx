/**
 * What app/error.tsx and app/global-error.tsx say when a page fails unexpectedly: no detail of the cause, a way to
 * try again, and a plain link home (the client router may be what failed).
 */
export function SomethingWentWrong({ reset }: { reset: () => void }) {
  return (
    <>
      <h1>Something went wrong</h1>
      <p>This page could not be shown just now. Please try again in a moment.</p>
      <p>
        <button type="button" onClick={reset}>
          Try again
        </button>
      </p>
      <a href="/">Go to the latest issue</a>
    </>
  );
}
