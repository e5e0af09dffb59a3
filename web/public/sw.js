// The web app's service worker: it keeps the app shell (the page and its hashed assets) so that
// the reporting form opens with no network at all. It never touches the API: reports wait in the
// page's outbox, and results are never served stale from here.
const CACHE = 'election-night-shell-v1';

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const page = await fetch('/', { cache: 'no-store' });
      if (!page.ok) return;
      const html = await page.clone().text();
      await cache.put('/', page);
      const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
      await cache.addAll(assets);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/v1/'))
    return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      if (url.pathname.startsWith('/assets/')) {
        // Hashed: a name is one content forever.
        const kept = await cache.match(request);
        if (kept) return kept;
        const fetched = await fetch(request);
        if (fetched.ok) await cache.put(request, fetched.clone());
        return fetched;
      }
      // The page: a new version from the network when there is one, the kept one when there is not.
      try {
        const fetched = await fetch(request);
        if (fetched.ok && request.mode === 'navigate') await cache.put('/', fetched.clone());
        return fetched;
      } catch {
        return (await cache.match('/')) ?? Response.error();
      }
    })(),
  );
});
