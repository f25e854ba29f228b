import { renderedFormStamp } from '@/lib/subscriptions/form-stamp';
import type { FormSource } from '@/lib/subscriptions/consent';
import { SubscribeForm, type SubscribeViewer } from './SubscribeForm';

/** A titled subscribe form with its signed stamp: under every article and in the site's footer. */
export function SubscribeSection({ source, title, viewer }: { source: FormSource; title: string; viewer?: SubscribeViewer }) {
  const titleId = `subscribe-${source}-title`;
  return (
    <section className="subscribe" aria-labelledby={titleId}>
      <h2 id={titleId}>{title}</h2>
      <SubscribeForm source={source} stamp={renderedFormStamp()} viewer={viewer} />
    </section>
  );
}
