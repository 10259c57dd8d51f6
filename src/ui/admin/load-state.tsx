// What a console page shows of a load that has not given it data: the server's reason with a
// retry button when it failed, a busy line while it loads.
import { useT } from '../../i18n/i18n.ts';
import type { Loaded } from './use-api.ts';

/** The failure with its reason and a retry button; nothing unless the load failed. */
export function LoadFailed({ state, onRetry }: { state: Loaded<unknown>; onRetry: () => void }) {
  const { t } = useT();
  if (state.kind !== 'failed') return null;
  return (
    <p role="alert" className="form-error">
      {t('console_loadFailed', { message: state.message })}{' '}
      <button type="button" onClick={onRetry}>
        {t('console_retry')}
      </button>
    </p>
  );
}

/** While there is nothing to show yet: the failure (see LoadFailed) or a busy line. */
export function NotLoaded({ state, onRetry }: { state: Loaded<unknown>; onRetry: () => void }) {
  const { t } = useT();
  return state.kind === 'failed' ? <LoadFailed state={state} onRetry={onRetry} /> : <p aria-busy="true">{t('loading')}</p>;
}
