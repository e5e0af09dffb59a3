import path from 'node:path';
import { defineConfig } from 'vite';

/** The web app: built to web/dist, served at / beside the API in both worlds. */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  build: { outDir: path.join(import.meta.dirname, 'dist'), emptyOutDir: true, assetsDir: 'assets' },
});
