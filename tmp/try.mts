import { PgCluster } from '../src-main/testing/postgres';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
const c = await PgCluster.create();
const dir = mkdtempSync('/tmp/site-try-');
const cli = (...a: string[]) => { const t=Date.now(); const r = spawnSync('node_modules/.bin/tsx', ['src-main/cli/main.ts', ...a], { encoding: 'utf8' }); console.log('$', a.slice(0,2).join(' '), r.status, Date.now()-t, 'ms\n', r.stdout.slice(0, 1500), r.stderr.slice(0, 800)); return r; };
try {
  const url = c.url();
  cli('site', 'init', '--url', url, '--enrolment-out', `${dir}/site.enrol`, '--passphrase', 'demo passphrase', '--demo', '--json');
  cli('setup', '--demo', '--data-dir', `${dir}/k1`, '--station', 'K1', '--site-url', url, '--site-enrolment', `${dir}/site.enrol`, '--site-passphrase', 'demo passphrase', '--json');
  cli('checkin', '--data-dir', `${dir}/k1`, '--reader', 'sim:an', '--can', '012345', '--allow-repeat', '--json');
  cli('checkin', '--data-dir', `${dir}/k1`, '--reader', 'sim:an', '--can', '012345', '--json');
  cli('site', 'queue', '--url', url, '--json');
  cli('site', 'status', '--url', url, '--json');
} finally { await c.destroy(); }
