// The 3D view of the current scene: room, props, the step's widget, stations and focus ring, in
// one canvas that a headset can enter. Keyboard: Tab/arrows move focus between objects, Enter or
// Space acts, Esc puts down what is held; Tab past the last object leaves the canvas.
import { Canvas } from '@react-three/fiber';
import { XR } from '@react-three/xr';
import { lazy, Suspense, useEffect, useMemo, type KeyboardEvent } from 'react';
import { useStore } from 'zustand';
import type { Character } from '../course/schema.ts';
import type { PlayedScene } from '../engine/public-view.ts';
import { useT } from '../i18n/i18n.ts';
import { usePlay, usePlayUi, useStepModel } from '../play/play-context.tsx';
import { rigStore } from '../xr/rig-store.ts';
import { getXRStore } from '../xr/xr-store.ts';
import { ClassHelp3D } from './class-help-panel.tsx';
import { ComfortPanel3D } from './comfort-panel.tsx';
import { FirstViewSignal } from './first-view-signal.tsx';
import { FocusHighlight } from './focus-highlight.tsx';
import { FocusContext } from './interaction/focus-context.tsx';
import type { FocusStore } from './interaction/focus-store.ts';
import { Environment } from './kit/environment.tsx';
import { currentSpeech, People } from './people.tsx';
import { SceneProps } from './scene-props.tsx';
import { StationMarkers } from './station-markers.tsx';
import { StationRig } from './station-rig.tsx';
import { StepWidget } from './step-widget.tsx';
import { widgetPlacement } from './widgets/widget-placement.ts';
import { detectRenderQuality } from './render-quality.ts';

// Test-only; the condition is static, so production builds drop the module.
const SceneProbe = import.meta.env.MODE === 'e2e' ? lazy(() => import('./scene-probe.tsx')) : () => null;

const NO_CHARACTERS: readonly Character[] = [];

export function SceneView({ focus }: { focus: FocusStore }) {
  const { t, l } = useT();
  const { course, ui } = usePlay();
  const model = useStepModel();
  const stationId = usePlayUi((s) => s.stationId);
  const announcement = useStore(focus, (s) => s.announcement);
  const scene: PlayedScene | undefined = model?.scene;
  const station = scene?.stations.find((s) => s.id === (stationId ?? model?.step.station)) ?? scene?.stations[0];
  // Panels stand before the station until the learner recenters or turns away (src/xr/rig-store.ts).
  const frame = useStore(rigStore(), (s) => s.frame);
  const placement = useMemo(() => (station ? widgetPlacement(station, frame ?? undefined) : null), [station, frame]);
  // Antialiasing and canvas density for this machine's renderer (src/scenes/render-quality.ts).
  const quality = useMemo(detectRenderQuality, []);

  // A new step starts at its own station with nothing held or open.
  const stepKey = model ? `${model.scene.id}/${model.step.id}` : '';
  useEffect(() => {
    ui.setState({ stationId: null, openHotspot: null });
    focus.getState().actions.hold(null);
  }, [stepKey, ui, focus]);

  // Leaving the 3D view (the results page) ends a headset session: nothing is left to draw in it,
  // and a session left running would keep rendering into a canvas that is gone.
  useEffect(
    () => () => {
      void getXRStore()
        .getState()
        .session?.end()
        .catch(() => undefined);
    },
    [],
  );

  if (!model || !scene || !station || !placement) return null;

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const { actions, focusedId } = focus.getState();
    switch (e.key) {
      case 'Tab':
        if (actions.move(e.shiftKey ? -1 : 1, false)) e.preventDefault();
        else actions.focus(null);
        return;
      case 'ArrowRight':
      case 'ArrowDown':
        actions.move(1, true);
        e.preventDefault();
        return;
      case 'ArrowLeft':
      case 'ArrowUp':
        actions.move(-1, true);
        e.preventDefault();
        return;
      case 'Enter':
      case ' ':
        if (focusedId) actions.activate(focusedId);
        e.preventDefault();
        return;
      case 'Escape':
        actions.hold(null);
        return;
    }
  };

  return (
    <FocusContext.Provider value={focus}>
      <div
        className="scene-view"
        tabIndex={0}
        role="application"
        aria-label={t('sceneCanvas', { title: l(scene.title) })}
        aria-describedby="scene-keys"
        onKeyDown={onKeyDown}
        onFocus={(e) => {
          if (e.target === e.currentTarget && !focus.getState().focusedId) focus.getState().actions.move(1, true);
        }}
        onBlur={(e) => {
          if (e.target === e.currentTarget) focus.getState().actions.focus(null);
        }}
      >
        <Canvas
          frameloop="demand"
          dpr={quality.dpr}
          camera={{ fov: 70, near: 0.05, far: 60, position: [0, 1.6, 0] }}
          gl={{ antialias: quality.antialias, powerPreference: 'high-performance' }}
        >
          <XR store={getXRStore()}>
            <Environment preset={scene.environment} />
            <SceneProps courseId={course.id} props={scene.props} />
            <People props={scene.props} characters={scene.characters ?? NO_CHARACTERS} speech={currentSpeech(model)} />
            <StationRig station={station} />
            <StationMarkers stations={scene.stations} current={station.id} onMove={(id) => ui.setState({ stationId: id })} />
            <StepWidget model={model} placement={placement} />
            <ComfortPanel3D placement={placement} />
            <ClassHelp3D placement={placement} />
            <FocusHighlight />
            <FirstViewSignal />
            <Suspense fallback={null}>
              <SceneProbe />
            </Suspense>
          </XR>
        </Canvas>
        <p id="scene-keys" className="visually-hidden">
          {t('focusRingHint')}
        </p>
        <p className="visually-hidden" aria-live="polite" data-testid="scene-announcement">
          {announcement}
        </p>
      </div>
    </FocusContext.Provider>
  );
}
