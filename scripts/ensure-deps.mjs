// Installs dependencies on a fresh clone so that `npm start` and `npm test` work as first commands.
import { existsSync, statSync } from 'node:fs';
import { execSync } from 'node:child_process';

const lock = 'package-lock.json';
const marker = 'node_modules/.package-lock.json';
const stale = !existsSync(marker) || statSync(lock).mtimeMs > statSync(marker).mtimeMs;
if (stale) {
  console.log('Installation des dépendances (npm ci)…');
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
}
