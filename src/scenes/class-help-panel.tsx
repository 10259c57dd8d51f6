// "Ask for help" in the headset, for a learner in a class: a small button just under the comfort
// button. The trainer's live table shows the request until they mark it handled; the button then
// says the trainer has been told, and offers itself again if the request could not be sent.
// Outside a class, or outside VR (the play page has its own button), nothing is drawn.
import { useXR } from '@react-three/xr';
import { useClassMembership, useHelpRequest } from '../client/class-membership.ts';
import type { MembershipView } from '../contracts/class-types.ts';
import { useT } from '../i18n/i18n.ts';
import { Panel3D } from './panel.tsx';
import type { WidgetPlacement } from './widgets/widget-placement.ts';

export function ClassHelp3D({ placement }: { placement: WidgetPlacement }) {
  const inXR = useXR((s) => s.session != null);
  const membership = useClassMembership();
  if (!inXR || membership === null || membership.status !== 'open') return null;
  return <AskForHelp3D placement={placement} membership={membership} />;
}

function AskForHelp3D({ placement, membership }: { placement: WidgetPlacement; membership: MembershipView }) {
  const { t } = useT();
  const { asked, sending, failed, ask } = useHelpRequest(membership);
  const label = asked ? t('trainer_helpRequestedShort') : failed ? t('trainer_helpFailedShort') : t('trainer_askHelp');
  // Once told, the button rests until the trainer has handled the request.
  const onActivate = () => {
    if (!asked) ask();
  };
  return (
    <Panel3D
      id="class-help"
      {...placement.helpButton}
      width={0.4}
      order={951}
      buttons={[{ id: 'ask', label, pressed: asked, disabled: sending, onActivate }]}
    />
  );
}
