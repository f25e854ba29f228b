import { paragraphsOf, splitInvitation } from '@/lib/issues/body';

/** The article's paragraphs; the closing invitation is set apart and leads to the responses below. */
export function ArticleBody({ body }: { body: string }) {
  const { paragraphs, invitation } = splitInvitation(paragraphsOf(body));
  return (
    <div className="article-body">
      {paragraphs.map((paragraph, index) => (
        <p key={index}>{paragraph}</p>
      ))}
      {invitation && (
        <div className="invitation">
          <p>{invitation}</p>
          <p className="invitation__action">
            <a href="#respond">Respond to this article</a>
          </p>
        </div>
      )}
    </div>
  );
}
