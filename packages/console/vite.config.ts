import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The gateway serves the built console at /console/, next to /graphql (same origin, no CORS). `pnpm dev`
// proxies the graph and the development token endpoint to a gateway running on :4000 (`npm start`).
const gateway = process.env.GATEWAY_URL ?? 'http://localhost:4000';
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  server: {
    proxy: { '/graphql': gateway, '/console/dev-token': gateway },
  },
});
