import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openDatabase } from '../../server/src/db/client.js';
import { makeContext } from './helpers.js';

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'portail-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const createTenant = (...args: string[]) =>
  run('npx', ['tsx', 'server/src/cli/tenant-create.ts', ...args], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', PUBLIC_URL: 'https://portail.exemple.fr' },
  });

describe('npm run tenant:create', () => {
  it('creates a commune with its first admin and prints a single-use activation link, never a password', async () => {
    const { stdout } = await createTenant(
      '--name', 'Ville de Saint-Exemple',
      '--origin', 'https://www.saint-exemple.fr',
      '--portal-url', 'https://www.saint-exemple.fr/enfance',
      '--admin-email', 'Enfance@Saint-Exemple.fr',
    );
    expect(stdout).toContain('Commune créée : Ville de Saint-Exemple');
    expect(stdout).toMatch(/Clé publique\s+pk_live_[A-Za-z0-9]{32}/);
    const link = /https:\/\/portail\.exemple\.fr\/admin\/activation#([A-Za-z0-9_-]{43})/.exec(stdout);
    expect(link).not.toBeNull();
    expect(stdout).not.toMatch(/mot de passe\s*:/i);

    // The link lets the admin choose a password, once.
    const database = await openDatabase({ dataDir });
    try {
      const ctx = makeContext(database, { publicUrl: 'https://portail.exemple.fr' });
      const activate = (password: string) =>
        ctx.app.request('/admin/api/activation', {
          method: 'POST',
          headers: { Origin: 'https://portail.exemple.fr', 'Content-Type': 'application/json' },
          body: JSON.stringify({ token: link![1], password }),
        });
      expect((await activate('Mot de passe du service enfance')).status).toBeLessThan(300);
      expect((await activate('Un autre mot de passe encore')).status).toBe(400);
      const login = await ctx.app.request('/admin/api/session', {
        method: 'POST',
        headers: { Origin: 'https://portail.exemple.fr', 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'enfance@saint-exemple.fr', password: 'Mot de passe du service enfance' }),
      });
      expect(login.status).toBeLessThan(300);
    } finally {
      await database.close();
    }
  }, 90_000);

  it('refuses an invalid origin with a French message and creates nothing', async () => {
    await expect(createTenant('--name', 'Ville Test', '--origin', 'https://www.ville.fr/page', '--admin-email', 'a@ville.fr')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('origine invalide'),
    });
  });
});

describe('npm run serve', () => {
  it('refuses to start without DATA_ENCRYPTION_KEY, in French, and creates no database', async () => {
    const dir = join(dataDir, 'sans-cle');
    const env = { ...process.env, DATA_DIR: dir, DATABASE_URL: '', DATA_ENCRYPTION_KEY: '', PORT: '0' };
    delete (env as Record<string, string | undefined>).DATA_ENCRYPTION_KEY;
    await expect(run('npx', ['tsx', 'server/src/index.ts'], { env })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('DATA_ENCRYPTION_KEY est obligatoire'),
    });
    expect(existsSync(dir)).toBe(false);
  });
});
