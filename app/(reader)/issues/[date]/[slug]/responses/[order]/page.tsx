import type { Metadata } from 'next';
import { ResponsesPage, responsesMetadata, type ResponsesParams } from '../view';

// Rendered on first request and cached until a response changes (see lib/cache/handler.ts).
export const revalidate = 300;
export const generateStaticParams = () => [];

export function generateMetadata({ params }: { params: ResponsesParams }): Promise<Metadata> {
  return responsesMetadata(params);
}

export default function FirstResponsesPage({ params }: { params: ResponsesParams }) {
  return <ResponsesPage params={params} />;
}
