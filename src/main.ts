// `npm start`: the service on the embedded SQLite database with the fixture corpus ingested, the
// API and the web UI on PORT (default 8787), and a demo user per role printed on start-up.
import { resolve } from 'node:path';
import { createApp } from './api/app.js';
import { listen } from './api/listen.js';
import { ensureDemoUsers } from './auth/users.js';
import { ROLE_NAMES } from './auth/roles.js';
import { projectRoot } from './store/db.js';
import { Service } from './service.js';

const service = await Service.open();
// corpus/personal-data: notes written with personal data in them, to show it never gets stored.
const report = await service.ingest([resolve(projectRoot, 'corpus/fixtures'), resolve(projectRoot, 'corpus/personal-data')], { actor: 'start' });
process.stderr.write(
  `Fixturkorpusen inläst: ${report.notes.godkand} godkända anteckningar, ${report.passages} textavsnitt` +
    (report.errors.length ? `, ${report.errors.length} avvisade filer` : '') +
    '\n',
);
const app = createApp(service, { log: process.env.DIALOGKUNSKAP_LOG !== '0' });
// The fixtures' labels count as reviewed: train the supervised classifier on them once, so the
// suggestions a newcomer sees come from a trained model (later retraining follows the reviews).
if (service.retrainStatus().due) {
  process.stderr.write('Tränar klassificeraren på de granskade etiketterna …\n');
  const r = await service.train();
  process.stderr.write(`Klart: tränad på ${r.passages} textavsnitt, ${r.reclassified?.passages ?? 0} textavsnitt omklassificerade.\n`);
}
// Read the analytics dataset once now, so the first visit to the dashboard is as fast as the next.
app.core.report('factors', {});
const demo = process.env.DIALOGKUNSKAP_NO_DEMO === '1' ? [] : await ensureDemoUsers(service.db);
const port = Number(process.env.PORT ?? 8787);
const { base } = await listen(app.fetch, { port, hostname: process.env.HOST ?? '127.0.0.1' });
const lines = [`dialogkunskap lyssnar på ${base}/  (API: ${base}/api/docs)`];
if (demo.length) {
  lines.push('', 'Demoanvändare (nya lösenord vid varje start):');
  for (const d of demo) lines.push(`  ${d.username.padEnd(14)} ${d.password}   ${ROLE_NAMES[d.role]}`);
}
process.stderr.write(lines.join('\n') + '\n');
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    app.close();
    service.close();
    process.exit(0);
  });
}
