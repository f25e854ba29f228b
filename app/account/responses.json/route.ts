import { currentUser } from '@/lib/auth/session';
import { readOwnResponses } from '@/lib/responses/queries';
import { absoluteUrl, paths } from '@/lib/site';

// "Download my responses": everything this reader wrote, as JSON. Only for the signed-in reader, about themself.
export async function GET() {
  const user = await currentUser();
  if (!user) return new Response('Sign in to download your responses.', { status: 401 });
  const all = [];
  for (let before: number | null = null; ;) {
    const page = await readOwnResponses(user.id, before, 500);
    all.push(...page);
    if (page.length < 500) break;
    before = page.at(-1)!.id;
  }
  const body = {
    exportedAt: new Date().toISOString(),
    account: { email: user.email, displayName: user.displayName, affiliation: user.affiliation, createdAt: user.createdAt.toISOString() },
    responses: all.map((response) => ({
      id: response.id,
      status: response.status,
      createdAt: response.createdAt.toISOString(),
      editedAt: response.editedAt?.toISOString() ?? null,
      article: { title: response.article.title, url: absoluteUrl(paths.article(response.article.date, response.article.slug)) },
      body: response.body,
    })),
  };
  return new Response(JSON.stringify(body, null, 2), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="my-responses-${new Date().toISOString().slice(0, 10)}.json"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
