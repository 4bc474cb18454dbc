import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer, type Server, type Socket } from 'node:net';

// What every fault needs: a database of its own, the API as a real process that can be killed,
// a TCP proxy between the API and PostgreSQL that can be cut, and cleanup that always runs.

const cleanups: (() => void)[] = [];

/** Registers a synchronous cleanup, run once at exit whatever ends the script (error, signal, success). */
export function onExit(cleanup: () => void) {
  cleanups.push(cleanup);
}

function runCleanups() {
  while (cleanups.length) {
    try {
      cleanups.pop()!();
    } catch {
      // Each cleanup is best effort: the next one still runs.
    }
  }
}
process.on('exit', runCleanups);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    runCleanups();
    process.exit(130);
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** A database of its own on the shared cluster, created and dropped with psql. */
export function temporaryDatabase(adminUrl: string) {
  const name = `portail_faults_${process.pid}_${Date.now().toString(36)}`;
  const psql = (command: string) => execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', adminUrl, '-c', command], { stdio: ['ignore', 'ignore', 'pipe'] });
  psql(`create database ${name}`);
  let dropped = false;
  const drop = () => {
    if (dropped) return;
    dropped = true;
    psql(`drop database if exists ${name} with (force)`);
  };
  onExit(drop);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop };
}

/**
 * A TCP proxy in front of PostgreSQL. `cut()` closes every connection and stops listening, so new
 * ones are refused; `restore()` listens again on the same port.
 */
export async function databaseProxy(target: URL) {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  const port = await freePort();
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        const upstream = connect(Number(target.port || 5432), target.hostname);
        for (const [a, b] of [
          [client, upstream],
          [upstream, client],
        ]) {
          sockets.add(a);
          a.pipe(b);
          a.on('error', () => b.destroy());
          a.on('close', () => {
            b.destroy();
            sockets.delete(a);
          });
        }
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        server = s;
        resolve();
      });
    });
  const close = () => {
    server?.close();
    server = null;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };
  await listen();
  onExit(close);
  const url = new URL(target);
  url.host = `127.0.0.1:${port}`;
  return { url: url.toString(), cut: close, restore: listen, connections: () => sockets.size / 2 };
}

export interface ApiProcess {
  url: string;
  /** Starts the process and waits for /health; returns the milliseconds it took. */
  start(): Promise<number>;
  /** kill -9: no graceful stop, no request finished. */
  kill9(): Promise<void>;
  /** Exits the API ended on its own (crashes), with the end of its error output. */
  crashes: { code: number | null; signal: NodeJS.Signals | null; stderr: string }[];
}

/** The real server (`server/src/index.ts`), as `npm run serve` runs it, always on the same port. */
export async function apiProcess(env: Record<string, string>): Promise<ApiProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  const crashes: ApiProcess['crashes'] = [];
  const killNow = () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  onExit(killNow);
  return {
    url,
    crashes,
    async start() {
      const started = Date.now();
      let stderr = '';
      const current = spawn(process.execPath, ['--import', 'tsx', 'server/src/index.ts'], {
        env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://localhost:${port}` },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      child = current;
      current.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
      let killedOnPurpose = false;
      (current as ChildProcess & { killedOnPurpose?: () => void }).killedOnPurpose = () => (killedOnPurpose = true);
      current.once('exit', (code, signal) => {
        if (!killedOnPurpose) crashes.push({ code, signal, stderr });
      });
      for (;;) {
        if (current.exitCode !== null) throw new Error(`Le serveur s’est arrêté au démarrage : ${stderr}`);
        if (Date.now() - started > 60_000) throw new Error('Le serveur n’a pas démarré en 60 s.');
        try {
          if ((await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) })).ok) return Date.now() - started;
        } catch {
          // Not listening yet.
        }
        await sleep(50);
      }
    },
    async kill9() {
      const current = child as (ChildProcess & { killedOnPurpose?: () => void }) | null;
      if (!current || current.exitCode !== null || current.signalCode !== null) return;
      current.killedOnPurpose?.();
      const exited = new Promise((resolve) => current.once('exit', resolve));
      current.kill('SIGKILL');
      await exited;
    },
  };
}

export interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
  ms: number;
}
export type Outcome = Answer | { error: string; ms: number };
export const isAnswer = (o: Outcome): o is Answer => 'status' in o;

/** One HTTP request; a refused connection, a cut one or a timeout is an `error`, never a throw. */
export async function request(url: string, init: RequestInit & { timeoutMs?: number } = {}): Promise<Outcome> {
  const started = performance.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(init.timeoutMs ?? 15_000) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON (provider routes answer text).
    }
    return { status: res.status, body, headers: res.headers, ms: performance.now() - started };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    return { error: cause ?? (err as Error).name, ms: performance.now() - started };
  }
}

/** Runs `work` for items 0..count-1 with `concurrency` workers, each taking the next item while `go()` says so. */
export async function pool(count: number, concurrency: number, work: (i: number) => Promise<void>, go: () => boolean = () => true) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count && go()) await work(next++);
    }),
  );
}
