import type { Metadata } from 'next';
import { ResponsesPage, responsesMetadata, type ResponsesParams } from '../../view';

// Later pages of responses; the cursor is the last thread shown. Cached like the first page.
export const revalidate = 300;
export const generateStaticParams = () => [];

export function generateMetadata({ params }: { params: ResponsesParams }): Promise<Metadata> {
  return responsesMetadata(params);
}

export default function LaterResponsesPage({ params }: { params: ResponsesParams }) {
  return <ResponsesPage params={params} />;
}
