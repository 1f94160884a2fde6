import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { meQuery } from './api/session';
import { startLanguage } from './i18n/language';
import { hintedListQuery, readListHint } from './state/listQuery';
import { App } from './ui/App';
import { applyTheme, storedTheme } from './ui/theme';
import './styles.css';

applyTheme(storedTheme());
const queryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: 30_000, retry: 1, refetchOnWindowFocus: false } },
});
// The first requests start now, side by side, not one after the other from effects: who is signed in, and the list
// the last person signed in here would see at this URL (see hintedListQuery).
void queryClient.prefetchQuery(meQuery);
const hinted = hintedListQuery(readListHint(), location.pathname, location.search);
if (hinted) void queryClient.prefetchQuery(hinted);

// The catalogue loads beside the requests above, and before the first render, so no English flashes for others.
void startLanguage().finally(() => createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
));
