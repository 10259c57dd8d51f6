// The comfort settings in the headset: a small button low on the learner's right opens a panel with
// the same settings as the 2D page (snap angle, smooth locomotion and, while it is on, its vignette,
// seated mode, reduced motion) and Recenter. Panel buttons are Interactives, so a controller ray, a pinch or a poke all work.
import { useXR } from '@react-three/xr';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { REDUCED_MOTION_SETTINGS, SNAP_ANGLES, useComfortSettings } from '../xr/comfort-settings.ts';
import { useT } from '../i18n/i18n.ts';
import { rigStore } from '../xr/rig-store.ts';
import { Panel3D } from './panel.tsx';
import type { WidgetPlacement } from './widgets/widget-placement.ts';

/** The next value after `current` in `list`, wrapping round. */
export function nextIn<T>(list: readonly T[], current: T): T {
  return list[(list.indexOf(current) + 1) % list.length]!;
}

export function ComfortPanel3D({ placement }: { placement: WidgetPlacement }) {
  const { t } = useT();
  const inXR = useXR((s) => s.session != null);
  const open = useStore(rigStore(), (s) => s.panelOpen);
  const settings = useComfortSettings(
    useShallow((s) => ({
      snapAngle: s.snapAngle,
      smoothLocomotion: s.smoothLocomotion,
      vignette: s.vignette,
      seated: s.seated,
      reducedMotion: s.reducedMotion,
      actions: s.actions,
    })),
  );
  if (!inXR) return null;
  const { setPanelOpen, requestRecenter } = rigStore().getState().actions;
  if (!open) {
    return (
      <Panel3D
        id="comfort-open"
        {...placement.comfortButton}
        width={0.4}
        order={950}
        buttons={[{ id: 'open', label: t('comfort_open'), onActivate: () => setPanelOpen(true) }]}
      />
    );
  }
  const onOff = (on: boolean) => t(on ? 'comfort_on' : 'comfort_off');
  const { set } = settings.actions;
  return (
    <Panel3D
      id="comfort"
      {...placement.comfort}
      width={0.7}
      order={950}
      title={t('comfort_title')}
      buttons={[
        {
          id: 'snap',
          label: t('comfort_snapButton', { angle: settings.snapAngle }),
          onActivate: () => set({ snapAngle: nextIn(SNAP_ANGLES, settings.snapAngle) }),
        },
        {
          id: 'smooth',
          label: t('comfort_smoothButton', { state: onOff(settings.smoothLocomotion) }),
          pressed: settings.smoothLocomotion,
          onActivate: () => set({ smoothLocomotion: !settings.smoothLocomotion }),
        },
        ...(settings.smoothLocomotion
          ? [
              {
                id: 'vignette',
                label: t('comfort_vignetteButton', { state: onOff(settings.vignette) }),
                pressed: settings.vignette,
                onActivate: () => set({ vignette: !settings.vignette }),
              },
            ]
          : []),
        {
          id: 'seated',
          label: t('comfort_seatedButton', { state: onOff(settings.seated) }),
          pressed: settings.seated,
          onActivate: () => set({ seated: !settings.seated }),
        },
        {
          id: 'reduced-motion',
          label: t('comfort_reducedMotionButton', { state: t(`comfort_reduced_${settings.reducedMotion}`) }),
          onActivate: () => set({ reducedMotion: nextIn(REDUCED_MOTION_SETTINGS, settings.reducedMotion) }),
        },
        { id: 'recenter', label: t('comfort_recenter'), onActivate: requestRecenter },
        { id: 'close', label: t('comfort_close'), tone: 'primary', onActivate: () => setPanelOpen(false) },
      ]}
    />
  );
}
