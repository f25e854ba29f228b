'use client';

import { SomethingWentWrong } from '@/components/SomethingWentWrong';

/** Shown inside the site's frame when a page fails unexpectedly. */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <SomethingWentWrong reset={reset} />;
}
