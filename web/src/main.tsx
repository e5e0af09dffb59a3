import { render } from 'preact';
import './styles.css';
import { POLL_KEY, pollIntervalMs } from './config.ts';
import { isTokenShaped, sessionTokenStore, tokenFromFragment } from './session.ts';
import { App } from './ui/app.tsx';

// A `#token=` link: the token leaves the address bar (and so the history) before anything renders.
const store = sessionTokenStore(sessionStorage);
const link = tokenFromFragment(location.hash);
let linkProblem: string | undefined;
if (link) {
  history.replaceState(null, '', `${location.pathname}${location.search}${link.rest ? `#${link.rest}` : ''}`);
  if (isTokenShaped(link.token)) store.set(link.token);
  else linkProblem = 'Đường liên kết đăng nhập không chứa mã truy cập hợp lệ.';
}

const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(
    <App
      store={store}
      pollIntervalMs={pollIntervalMs(location.search, localStorage.getItem(POLL_KEY))}
      {...(linkProblem ? { linkProblem } : {})}
    />,
    root,
  );
}

// The app shell for opening without a network (the reporting form); the API is never cached.
if ('serviceWorker' in navigator) void navigator.serviceWorker.register('/sw.js').catch(() => undefined);
