// "Ask for help" in the headset, for a learner in a class: a small button just under the comfort
// button. The trainer's live table shows the request until they mark it handled; the button then
// says the trainer has been told, and offers itself again if the request could not be sent.
// Outside a class, or outside VR (the play page has its own button), nothing is drawn.
import { useXR } from '@react-three/xr';
import { useState } from 'react';
import { requestHelp, useClassMembership } from '../app/class-membership.ts';
import { useT } from '../ui/i18n.ts';
import { Panel3D } from './panel.tsx';
import type { WidgetPlacement } from './widgets/widget-placement.ts';

export function ClassHelp3D({ placement }: { placement: WidgetPlacement }) {
  const { t } = useT();
  const inXR = useXR((s) => s.session != null);
  const membership = useClassMembership();
  const [state, setState] = useState<'idle' | 'sending' | 'failed'>('idle');
  if (!inXR || membership === null || membership.status !== 'open') return null;
  const asked = membership.helpRequestedAt !== null;
  const ask = () => {
    if (asked || state === 'sending') return;
    setState('sending');
    requestHelp(membership.classId).then(
      () => setState('idle'),
      () => setState('failed'),
    );
  };
  const label = asked ? t('trainer_helpRequestedShort') : state === 'failed' ? t('trainer_helpFailedShort') : t('trainer_askHelp');
  return <Panel3D id="class-help" {...placement.helpButton} width={0.4} order={951} buttons={[{ id: 'ask', label, pressed: asked, disabled: state === 'sending', onActivate: ask }]} />;
}
