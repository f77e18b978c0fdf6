import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// One build serves both homes: the gateway at `/` (FRONTEND_DIST) and Electron from file://, hence
// the relative base. Hashed files go under assets/, which the gateway caches as immutable.
export default defineConfig({
  // The renderer runs in a browser, so no node: import here; the folder of this file is the root.
  root: decodeURIComponent(new URL('.', import.meta.url).pathname),
  base: './',
  plugins: [react()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
});
