// Live catalogue: one EventSource on /backend/events; each new version refetches what is on screen.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

export function useLiveCatalogue(enabled: boolean): boolean {
  const client = useQueryClient();
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    if (!enabled) return;
    const source = new EventSource('/backend/events', { withCredentials: true });
    let last: number | null = null;
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    source.addEventListener('catalog', (e) => {
      const version = JSON.parse((e as MessageEvent).data).version as number;
      if (last !== null && version !== last) void client.invalidateQueries({ queryKey: ['catalogue'] });
      last = version;
    });
    return () => source.close();
  }, [enabled, client]);
  return connected;
}
