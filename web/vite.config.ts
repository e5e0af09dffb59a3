import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { provinceMapPlugin } from './map/vite-plugin.ts';

const here = import.meta.dirname;
/** `API_ORIGIN=http://127.0.0.1:3000 npx vite --config web/vite.config.ts`: /v1 goes to that local cloud. */
const apiOrigin = process.env.API_ORIGIN;
const proxy = apiOrigin ? { '/v1': { target: apiOrigin, changeOrigin: true } } : undefined;

/**
 * The built page may load nothing but its own files and talk to nothing but its own origin, so that
 * an injected script could neither run nor send a token away. (Vite's dev server needs inline
 * styles, so only the build gets it.)
 */
function contentSecurityPolicy(): Plugin {
  const policy = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
  const charset = '<meta charset="utf-8" />';
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml(html) {
      if (!html.includes(charset))
        throw new Error('index.html must start its head with <meta charset="utf-8" />');
      // Right after the charset, so that it governs every element after it.
      return html.replace(
        charset,
        `${charset}\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`,
      );
    },
  };
}

/** The web app: built to web/dist, served at / beside the API in both worlds. */
export default defineConfig({
  root: here,
  base: '/',
  plugins: [provinceMapPlugin(path.join(here, 'map', 'vn-provinces-34.topo.json')), contentSecurityPolicy()],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    modulePreload: { polyfill: false },
  },
  server: proxy ? { proxy } : {},
  preview: proxy ? { proxy } : {},
});
