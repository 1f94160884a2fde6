import { Button } from 'react-aria-components';
import { t } from '../i18n/strings';

export function ErrorState({ error, onRetry, title = t('errorTitle') }: { error: unknown; onRetry: () => void; title?: string }) {
  return (
    <div className="state" role="alert">
      <h2>{title}</h2>
      <p className="detail">{error instanceof Error ? error.message : String(error)}</p>
      <Button className="btn" onPress={onRetry}>{t('retry')}</Button>
    </div>
  );
}

export function EmptyState({ title, body, children }: { title: string; body: string; children?: React.ReactNode }) {
  return (
    <div className="state">
      <h2>{title}</h2>
      <p>{body}</p>
      {children}
    </div>
  );
}
