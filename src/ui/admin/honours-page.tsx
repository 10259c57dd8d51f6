// Honours (?page=admin-honours): per honour of the training policy, the people the system proposes
// for the period with the reasons, a reason box and award / decline buttons for each, and every
// decision made with who made it and when. The server checks every decision again.
import { useId, useState } from 'react';
import { api } from '../../client/api.ts';
import type { HonourDecision, HonourProposalView, HonourView } from '../../contracts/honour-types.ts';
import { useT } from '../../i18n/i18n.ts';
import { ConsolePage } from './console-page.tsx';
import { formatDateTime } from './format.ts';
import { LoadFailed } from './load-state.tsx';
import { TableScroll } from './table-scroll.tsx';
import { shown, useApi, useFailureMessage } from './use-api.ts';

export function AdminHonoursPage() {
  const { t } = useT();
  return (
    <ConsolePage section="honours" title={t('honours_title')} className="admin-honours">
      <Honours />
    </ConsolePage>
  );
}

function Honours() {
  const { t, l } = useT();
  const { state, reload } = useApi('honours.list', {});
  const data = shown(state);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <>
      <p className="hint">{t('honours_intro')}</p>
      <LoadFailed state={state} onRetry={reload} />
      <p role="status" className="honour-notice">
        {notice}
      </p>
      {data === null ? (
        state.kind === 'loading' ? (
          <p aria-busy="true">{t('loading')}</p>
        ) : null
      ) : (
        <>
          <p>{t('honours_period', { period: l(data.period.label), version: data.policyVersion })}</p>
          {data.honours.length === 0 ? <p>{t('honours_none')}</p> : null}
          {data.honours.map((honour) => (
            <HonourSection
              key={honour.honourId}
              honour={honour}
              periodId={data.period.id}
              policyVersion={data.policyVersion}
              onDecided={(decision) => {
                setNotice(t('honours_saved', { name: decision.name, seq: decision.ledgerSeq }));
                reload();
              }}
            />
          ))}
        </>
      )}
    </>
  );
}

function HonourSection({
  honour,
  periodId,
  policyVersion,
  onDecided,
}: {
  honour: HonourView;
  periodId: string;
  policyVersion: string;
  onDecided: (decision: HonourDecision) => void;
}) {
  const { t, l, locale } = useT();
  const id = useId();
  return (
    <section className="admin-card honour" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{l(honour.label)}</h2>
      <p className="hint">{t('honours_limit', { limit: honour.perDepartment })}</p>
      <h3>{t('honours_proposals')}</h3>
      {honour.proposals.length === 0 ? (
        <p>{t('honours_noProposals')}</p>
      ) : (
        <TableScroll label={`${l(honour.label)}: ${t('honours_proposals')}`}>
          <table className="data-table honour-proposals">
            <thead>
              <tr>
                <th scope="col">{t('honours_person')}</th>
                <th scope="col">{t('honours_department')}</th>
                <th scope="col">{t('honours_place')}</th>
                <th scope="col">{t('honours_reasons')}</th>
                <th scope="col">{t('honours_decision')}</th>
              </tr>
            </thead>
            <tbody>
              {honour.proposals.map((proposal) => (
                <tr key={proposal.username}>
                  <th scope="row">
                    {proposal.name} <span className="muted">({proposal.username})</span>
                  </th>
                  <td>{proposal.department ?? t('honours_noDepartment')}</td>
                  <td>
                    {proposal.place} · {proposal.withinLimit ? t('honours_withinLimit') : t('honours_beyondLimit')}
                  </td>
                  <td>
                    <ul className="honour-reasons">
                      {proposal.reasons.map((reason, i) => (
                        <li key={i}>{l(reason.text)}</li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    {proposal.decision ? (
                      <DecisionSummary decision={proposal.decision} />
                    ) : (
                      <DecideForm
                        proposal={proposal}
                        honourId={honour.honourId}
                        periodId={periodId}
                        policyVersion={policyVersion}
                        onDecided={onDecided}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <h3>{t('honours_decided')}</h3>
      {honour.decisions.length === 0 ? (
        <p>{t('honours_noDecisions')}</p>
      ) : (
        <TableScroll label={`${l(honour.label)}: ${t('honours_decided')}`}>
          <table className="data-table honour-decisions">
            <thead>
              <tr>
                <th scope="col">{t('honours_person')}</th>
                <th scope="col">{t('honours_department')}</th>
                <th scope="col">{t('honours_decision')}</th>
                <th scope="col">{t('honours_reason')}</th>
                <th scope="col">{t('honours_decidedByHeader')}</th>
                <th scope="col">{t('honours_decidedAt')}</th>
                <th scope="col">{t('honours_ledger')}</th>
              </tr>
            </thead>
            <tbody>
              {honour.decisions.map((decision) => (
                <tr key={decision.id}>
                  <th scope="row">
                    {decision.name} <span className="muted">({decision.username})</span>
                  </th>
                  <td>{decision.department ?? t('honours_noDepartment')}</td>
                  <td>{decision.decision === 'award' ? t('honours_awarded') : t('honours_declined')}</td>
                  <td>{decision.reason ?? '—'}</td>
                  <td>{decision.decidedBy}</td>
                  <td>{formatDateTime(decision.decidedAt, locale)}</td>
                  <td>{decision.ledgerSeq}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

function DecisionSummary({ decision }: { decision: HonourDecision }) {
  const { t, locale } = useT();
  return (
    <p className="honour-decided">
      {decision.decision === 'award' ? t('honours_awarded') : t('honours_declined')}{' '}
      {t('honours_decidedBy', { who: decision.decidedBy, when: formatDateTime(decision.decidedAt, locale) })}
      {decision.reason ? `: ${decision.reason}` : ''}
    </p>
  );
}

function DecideForm({
  proposal,
  honourId,
  periodId,
  policyVersion,
  onDecided,
}: {
  proposal: HonourProposalView;
  honourId: string;
  periodId: string;
  policyVersion: string;
  onDecided: (decision: HonourDecision) => void;
}) {
  const { t } = useT();
  const id = useId();
  const failure = useFailureMessage();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const decide = async (decision: 'award' | 'decline') => {
    setError(null);
    const text = reason.trim();
    if (decision === 'decline' && text === '') return setError(t('honours_needReason'));
    setBusy(true);
    try {
      const made = await api('honours.decide', {
        body: {
          periodId,
          honourId,
          username: proposal.username,
          decision,
          policyVersion,
          ...(text === '' ? {} : { reason: text }),
        },
      });
      onDecided(made);
    } catch (caught) {
      setError(failure(caught, '/api/v1/admin/honours/decisions'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="honour-decide">
      <label htmlFor={`${id}-reason`}>{t('honours_reasonLabel', { name: proposal.name })}</label>
      <textarea
        id={`${id}-reason`}
        rows={2}
        maxLength={2000}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      <div className="honour-buttons">
        <button
          type="button"
          className="primary"
          disabled={busy}
          aria-label={t('honours_awardOf', { name: proposal.name })}
          onClick={() => void decide('award')}
        >
          {t('honours_award')}
        </button>
        <button
          type="button"
          disabled={busy}
          aria-label={t('honours_declineOf', { name: proposal.name })}
          onClick={() => void decide('decline')}
        >
          {t('honours_decline')}
        </button>
      </div>
      <div id={`${id}-error`} role="alert" className="form-error">
        {error}
      </div>
    </div>
  );
}
