// `npm start`: the service on the embedded SQLite database with the fixture corpus ingested.
import { serve } from '@hono/node-server';
import { resolve } from 'node:path';
import { createApp } from './api/app.js';
import { projectRoot } from './store/db.js';
import { Service } from './service.js';

const service = await Service.open();
const report = await service.ingest([resolve(projectRoot, 'corpus/fixtures')], { actor: 'start' });
process.stderr.write(
  `Fixturkorpusen inläst: ${report.notes.godkand} godkända anteckningar, ${report.passages} textavsnitt` +
    (report.errors.length ? `, ${report.errors.length} avvisade filer` : '') +
    '\n',
);
const port = Number(process.env.PORT ?? 8787);
serve({ fetch: createApp(service).fetch, port, hostname: process.env.HOST ?? '127.0.0.1' }, (info) => {
  process.stderr.write(`dialogkunskap lyssnar på http://${info.address}:${info.port}/\n`);
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    service.close();
    process.exit(0);
  });
}
