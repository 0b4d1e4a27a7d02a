import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// The renderer is served from the app's own files (app:// in Electron, the web
// host in a browser), so asset paths are relative and no dev server is needed.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [vue()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
  },
});
