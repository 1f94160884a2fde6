// The location as React state: pushState/replaceState + popstate, so Back/Forward replay every view.
import { useSyncExternalStore } from 'react';

const change = 'panel:navigate';

function subscribe(onChange: () => void) {
  window.addEventListener('popstate', onChange);
  window.addEventListener(change, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(change, onChange);
  };
}

const snapshot = () => window.location.pathname + window.location.search;

export function useLocation(): { path: string; query: string } {
  const href = useSyncExternalStore(subscribe, snapshot);
  const q = href.indexOf('?');
  return { path: q < 0 ? href : href.slice(0, q), query: q < 0 ? '' : href.slice(q + 1) };
}

export function navigate(href: string, options: { replace?: boolean } = {}) {
  if (href === snapshot()) return;
  if (options.replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  window.dispatchEvent(new Event(change));
}

export function withQuery(path: string, query: string) {
  return query ? `${path}?${query}` : path;
}
