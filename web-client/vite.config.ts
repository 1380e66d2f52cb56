/// <reference types="vitest" />
import { defineConfig } from 'vite';
// The wire types come from src/protocol/*.schema.json: generated before every build, dev server and test run.
import { generate } from './scripts/gen-protocol.mjs';

generate();

// Where `npm run dev` forwards /api, /ws and /health: a running Werkplaats server (default port 8080).
const server = process.env.WERKPLAATS_DEV_SERVER ?? 'http://127.0.0.1:8080';

export default defineConfig({
  // JSX is compiled by esbuild with Preact's automatic runtime (tsconfig jsxImportSource); no plugin needed.
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    sourcemap: 'hidden',
    target: 'es2022',
  },
  server: {
    proxy: {
      '/api': server,
      '/health': server,
      '/ws': { target: server.replace(/^http/, 'ws'), ws: true, changeOrigin: false },
    },
  },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
  },
});
