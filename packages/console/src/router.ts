import { useEffect, useState } from 'react';

// Client routes under /console/ (the gateway answers index.html for every one of them).
export const BASE = '/console/';
export const href = (path: string) => `${BASE}${path.replace(/^\//, '')}`;

export function navigate(path: string) {
  history.pushState(null, '', href(path));
  dispatchEvent(new PopStateEvent('popstate'));
}

/** The path below /console/, without a leading slash. */
const read = () => location.pathname.slice(BASE.length);

export function usePath(): string {
  const [path, setPath] = useState(read);
  useEffect(() => {
    const update = () => setPath(read());
    addEventListener('popstate', update);
    return () => removeEventListener('popstate', update);
  }, []);
  return path;
}

/** Follows a same-app link without reloading the page (keeps the session and the language in memory). */
export function onLinkClick(e: React.MouseEvent<HTMLAnchorElement>) {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  navigate(new URL(e.currentTarget.href).pathname.slice(BASE.length));
}
