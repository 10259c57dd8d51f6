// The comfort settings on the 2D play page: a disclosure button in the toolbar opens a small form
// (snap angle, smooth locomotion and its vignette, seated mode, reduced motion, Recenter). The same store drives the
// headset's panel, and reduced motion also stills the page's own transitions.
import { useEffect, useId, useState } from 'react';
import { useStore } from 'zustand';
import {
  reducedMotionActive,
  useComfortSettings,
  useComfortStore,
  REDUCED_MOTION_SETTINGS,
  SNAP_ANGLES,
  type ReducedMotionSetting,
  type SnapAngle,
} from '../xr/comfort-settings.ts';
import { rigStore } from '../xr/rig-store.ts';
import { useT } from '../i18n/i18n.ts';

/** Marks <html data-reduced-motion> while motion is reduced, so CSS drops transitions and animations. */
export function useReducedMotionAttribute() {
  const reduced = useComfortSettings(reducedMotionActive);
  useEffect(() => {
    const root = document.documentElement;
    if (reduced) root.dataset.reducedMotion = '';
    else delete root.dataset.reducedMotion;
    return () => {
      delete root.dataset.reducedMotion;
    };
  }, [reduced]);
}

export function ComfortSettingsButton() {
  const { t } = useT();
  const [open, setOpen] = useState(false);
  const id = useId();
  useReducedMotionAttribute();
  return (
    <div className="comfort-settings">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        data-action="comfort-settings"
        onClick={() => setOpen((o) => !o)}
      >
        {t('comfort_open')}
      </button>
      <div id={id} hidden={!open}>
        {open && <ComfortSettingsForm />}
      </div>
    </div>
  );
}

function ComfortSettingsForm() {
  const { t } = useT();
  const comfort = useComfortStore();
  const snapAngle = useStore(comfort, (s) => s.snapAngle);
  const smooth = useStore(comfort, (s) => s.smoothLocomotion);
  const vignette = useStore(comfort, (s) => s.vignette);
  const seated = useStore(comfort, (s) => s.seated);
  const reducedMotion = useStore(comfort, (s) => s.reducedMotion);
  const { set } = useStore(comfort, (s) => s.actions);
  const base = useId();
  return (
    <section className="comfort-form" aria-labelledby={`${base}-title`}>
      <h2 id={`${base}-title`}>{t('comfort_title')}</h2>
      <p className="hint">{t('comfort_intro')}</p>
      <div className="form-field">
        <label htmlFor={`${base}-snap`}>{t('comfort_snapAngle')}</label>
        <select
          id={`${base}-snap`}
          name="snapAngle"
          value={snapAngle}
          onChange={(e) => set({ snapAngle: Number(e.target.value) as SnapAngle })}
        >
          {SNAP_ANGLES.map((a) => (
            <option key={a} value={a}>
              {t('comfort_snapAngleValue', { angle: a })}
            </option>
          ))}
        </select>
      </div>
      <label className="check">
        <input
          type="checkbox"
          name="smoothLocomotion"
          checked={smooth}
          onChange={(e) => set({ smoothLocomotion: e.target.checked })}
        />{' '}
        {t('comfort_smooth')}
      </label>
      <label className="check nested">
        <input
          type="checkbox"
          name="vignette"
          checked={vignette}
          disabled={!smooth}
          onChange={(e) => set({ vignette: e.target.checked })}
        />{' '}
        {t('comfort_vignette')}
      </label>
      <label className="check">
        <input type="checkbox" name="seated" checked={seated} onChange={(e) => set({ seated: e.target.checked })} />{' '}
        {t('comfort_seated')}
      </label>
      <div className="form-field">
        <label htmlFor={`${base}-reduced`}>{t('comfort_reducedMotion')}</label>
        <select
          id={`${base}-reduced`}
          name="reducedMotion"
          value={reducedMotion}
          onChange={(e) => set({ reducedMotion: e.target.value as ReducedMotionSetting })}
        >
          {REDUCED_MOTION_SETTINGS.map((v) => (
            <option key={v} value={v}>
              {t(`comfort_reduced_${v}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="comfort-recenter">
        <button
          type="button"
          data-action="recenter"
          aria-describedby={`${base}-recenter`}
          onClick={() => rigStore().getState().actions.requestRecenter()}
        >
          {t('comfort_recenter')}
        </button>
        <p id={`${base}-recenter`} className="hint">
          {t('comfort_recenterHint')}
        </p>
      </div>
      <p className="hint">{t('comfort_controlsHint')}</p>
    </section>
  );
}
