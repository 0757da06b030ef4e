// The HTTP API (hono). Handlers are thin: validate with zod, call the service, answer JSON with
// Swedish messages for users.
import { Hono } from 'hono';
import { z } from 'zod';
import type { Service } from '../service.js';
import { collectStats } from '../store/stats.js';
import { formatIssues } from '../ingest/bundle-schema.js';

export function createApp(service: Service): Hono {
  const app = new Hono();

  app.onError((err, c) => {
    if (err instanceof z.ZodError) return c.json({ error: 'ogiltig begäran', detaljer: formatIssues(err) }, 400);
    process.stderr.write(`api error: ${err.name}\n`);
    return c.json({ error: 'internt fel' }, 500);
  });

  app.get('/api/health', (c) => c.json({ ok: true }));
  app.get('/api/stats', (c) => c.json(collectStats(service.db)));

  app.post('/api/search', async (c) => {
    const body = await c.req.json().catch(() => {
      throw new z.ZodError([{ code: 'custom', path: [], message: 'förväntade JSON i begäran', input: undefined }]);
    });
    return c.json(await service.searcher.search(body as never));
  });

  return app;
}
