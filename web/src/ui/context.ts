import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { Names } from '../names.ts';
import type { Poller, Resource } from '../poller.ts';
import type { Viewer } from '../roles.ts';
import { formatRoute, type Route, type View } from '../route.ts';

/** What every view of a signed-in page shares. */
export interface Dashboard {
  readonly poller: Poller;
  readonly viewer: Viewer;
  readonly route: Route;
  readonly names: Names;
  /** The viewer's own level, where "back to my page" leads. */
  readonly home: View;
  /** Puts a short sentence in the page's one live region. */
  readonly announce: (message: string) => void;
}

export const DashboardContext = createContext<Dashboard | null>(null);

export function useDashboard(): Dashboard {
  const dashboard = useContext(DashboardContext);
  if (!dashboard) throw new Error('useDashboard outside a signed-in page');
  return dashboard;
}

/**
 * Reads these URLs every round while the component is shown; with `after`, only when the answer
 * at `after` changed.
 */
export function useWatch(urls: readonly (string | undefined)[], after?: string): void {
  const { poller } = useDashboard();
  const key = urls.filter(Boolean).join('\n');
  useEffect(() => {
    const releases = key === '' ? [] : key.split('\n').map((url) => poller.watch(url, after));
    return () => {
      for (const release of releases) release();
    };
  }, [poller, key, after]);
}

export function useResource<T>(url: string | undefined, after?: string): Resource<T> | undefined {
  const { poller } = useDashboard();
  useWatch([url], after);
  return url ? poller.resource<T>(url) : undefined;
}

/** The address of a view, keeping the body chosen. */
export function useHref(): (view: View) => string {
  const { route } = useDashboard();
  return (view) => formatRoute({ ...route, view });
}

/** Now, moved on every second, for clocks that say "12 giây trước". */
export function useNow(stepMs = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      setNow(Date.now());
      timer = setTimeout(tick, stepMs - (Date.now() % stepMs));
    };
    timer = setTimeout(tick, stepMs - (Date.now() % stepMs));
    return () => clearTimeout(timer);
  }, [stepMs]);
  return now;
}
