import { defineConfig } from 'vitest/config';

const serverProject = (name: string, env: Record<string, string>) => ({
  test: {
    name,
    include: ['test/server/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/server/global-setup.ts'],
    env,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks' as const,
    // Test files share their worker's module cache: each file opens its own database and tenants,
    // and re-importing the server for each of ~45 files cost more time than the tests themselves.
    isolate: false,
  },
});

export default defineConfig({
  test: {
    projects: [
      serverProject('server', { TEST_DB: 'pglite' }),
      ...(process.env.TEST_DATABASE_URL ? [serverProject('server-pg', { TEST_DB: 'postgres' })] : []),
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
