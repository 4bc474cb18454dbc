import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The widget as an ES library: `portail.js` (parents' loader) and `admin.js` (staff settings
 * page) at the root of dist, everything they load lazily under chunks/. Lit is bundled in:
 * town sites cannot be expected to provide it.
 */
export default defineConfig({
  publicDir: false,
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    copyPublicDir: false,
    lib: {
      entry: {
        portail: here('./src/index.ts'),
        admin: here('./src/admin/index.ts'),
      },
      formats: ['es'],
      fileName: (_format, entryName) => `${entryName}.js`,
    },
    rolldownOptions: {
      output: {
        chunkFileNames: 'chunks/[name]-[hash].js',
        // Vite keeps whitespace in ES library builds (for downstream bundlers); this bundle
        // goes straight to browsers.
        minify: true,
      },
    },
  },
});
