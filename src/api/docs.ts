// The OpenAPI document (/openapi.json) and Swagger UI (/api/docs). Swagger UI's files are served
// from the local swagger-ui-dist package: nothing is fetched from the internet. Without that
// package the page says so and links the document.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { swaggerUI } from '@hono/swagger-ui';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { AppEnv } from './env.js';
import { matrixMarkdown } from './permissions.js';

function swaggerDist(): string | null {
  try {
    return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  } catch {
    return null;
  }
}

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};

export function registerDocs(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'Token från POST /api/auth/login' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'cookie', { type: 'apiKey', in: 'cookie', name: 'dk_session', description: 'Webbgränssnittets sessionskaka' });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'dialogkunskap',
      version: '0.1.0',
      // Internal to the agencies; said here so clients need not guess. `identifier` is OpenAPI 3.1
      // (an SPDX expression), which the library's 3.0-era type does not know.
      license: { name: 'Intern tjänst för Skolverket och SPSM, ingen öppen licens', identifier: 'LicenseRef-intern' } as { name: string },
      description:
        'Kunskap ur kvalitetsdialogernas godkända anteckningar: sökning, liknande huvudmän, klassificering mot framgångsfaktorer och teman, syntesrapporter, underlag inför dialog och målgruppsanalys för stödinsatser.\n\n' +
        'Logga in med `POST /api/auth/login` och skicka token som `Authorization: Bearer <token>`. Fel besvaras som `{ "error": "<meddelande>", "detaljer": … }`.\n\n' +
        '## Roller\n\n' +
        matrixMarkdown(),
    },
    // Relative: the document describes the server that serves it, wherever that runs.
    servers: [{ url: '/', description: 'Den här tjänsten' }],
    tags: [
      { name: 'Inloggning', description: 'Logga in och ut, och se vem som är inloggad och vad rollen får göra.' },
      { name: 'Allmänt', description: 'Hälsokontroll, siffror över innehållet och kodboken.' },
      { name: 'Sök', description: 'Hybridsökning (ord och betydelse) bland godkända textavsnitt, och enskilda textavsnitt.' },
      { name: 'Huvudmän', description: 'Huvudmän, liknande huvudmän och förberedelseunderlag inför nästa dialog.' },
      { name: 'Rapporter', description: 'Syntesrapporter med andelar, intervall och n, exporter, citat och nya teman.' },
      { name: 'Stödinsatser', description: 'Målgruppsanalys: vilka huvudmän ett stöd passar, med belägg.' },
      { name: 'Klassificering', description: 'Klassificering av fritext mot framgångsfaktorerna och temana.' },
      { name: 'Mellan dialogerna', description: 'Stöd mellan dialogerna: uppföljande möten efter återkopplingen och nätverk för små förskolor.' },
      { name: 'Granskning', description: 'Granskningskön, granskade etiketter och träning av klassificeraren.' },
      { name: 'Inläsning', description: 'Uppladdning av godkända anteckningar och jobbens status.' },
      { name: 'Administration', description: 'Användare, roller och granskningsloggen.' },
    ],
  });

  const dist = swaggerDist();
  if (dist) {
    app.get('/api/docs/assets/swagger-ui-dist/:file', async (c) => {
      const file = c.req.param('file');
      const type = ASSETS[file];
      if (!type) return c.json({ error: 'finns inte' }, 404);
      c.header('Content-Type', type);
      c.header('Cache-Control', 'public, max-age=86400');
      return c.body(await readFile(join(dist, file)));
    });
    const ui = swaggerUI({ url: '/openapi.json', baseUrl: '/api/docs/assets', title: 'dialogkunskap – API' } as Parameters<typeof swaggerUI>[0]);
    app.get('/api/docs', async (c, next) => {
      // Swagger UI starts itself with an inline script: this page alone allows that.
      const res = (await ui(c as never, next)) as Response;
      res.headers.set('Content-Security-Policy', "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:");
      return res;
    });
  } else {
    app.get('/api/docs', (c) =>
      c.html(
        `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>dialogkunskap – API</title></head><body><main><h1>API-dokumentation</h1>` +
          `<p>Swagger UI kräver paketet <code>swagger-ui-dist</code>, som inte är installerat. OpenAPI-dokumentet finns på <a href="/openapi.json">/openapi.json</a>.</p></main></body></html>`,
      ),
    );
  }
}

export { ASSETS as SWAGGER_ASSETS };
export const swaggerAvailable = (): boolean => swaggerDist() !== null;
