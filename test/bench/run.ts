import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { widgetSizes } from './widget-size.js';
import { benchLogin } from './login.js';
import { benchForgot } from './forgot.js';
import { benchPlanning } from './planning.js';
import { benchPdf } from './pdf.js';
import { benchImport } from './import.js';
import { benchInvoicePdf } from './invoice-pdf.js';
import { benchInvoicing } from './invoicing.js';
import { benchMessages } from './messages.js';
import { benchBasket } from './basket.js';

/** `npm run bench`: every figure is printed as one JSON line. */
const print = (line: Record<string, unknown>) => console.log(JSON.stringify(line));
const seconds = Number(process.env.BENCH_SECONDS ?? 10);

for (const line of widgetSizes('widget/dist')) print(line);
print(await benchPdf());
print(await benchInvoicePdf());
print(await benchImport());
print(await benchMessages());

const dataDir = mkdtempSync(join(tmpdir(), 'portail-bench-'));
try {
  print(await benchLogin({ label: 'pglite', dataDir, connections: 20, durationSeconds: seconds }));
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
const forgotDir = mkdtempSync(join(tmpdir(), 'portail-bench-'));
try {
  print(await benchForgot({ label: 'pglite', dataDir: forgotDir, requests: 180 }));
} finally {
  rmSync(forgotDir, { recursive: true, force: true });
}

const adminUrl = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `portail_bench_${Date.now()}`;
let admin: postgres.Sql | undefined;
try {
  admin = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 3 });
  await admin.unsafe(`create database ${name}`);
} catch (err) {
  print({ metric: 'login_latency', database: 'postgres', skipped: `PostgreSQL injoignable (${(err as Error).message})` });
  admin = undefined;
}
if (admin) {
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    print(await benchLogin({ label: 'postgres', databaseUrl: url.toString(), connections: 20, durationSeconds: seconds }));
    for (const line of await benchPlanning(url.toString(), seconds)) print(line);
    print(await benchImport(url.toString()));
    print(await benchInvoicing(url.toString()));
    print(await benchMessages(url.toString()));
    print(await benchBasket(url.toString()));
  } finally {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
