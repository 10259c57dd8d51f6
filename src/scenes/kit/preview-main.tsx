// Development preview of the kit (kit-preview.html): ?env=office|data-room|…|none, &props=0|1|all|people,
// &yaw=deg, &pitch=deg, &cam=x,y,z. Writes draw calls, triangles and programs into #stats.
import { Canvas, useFrame, useThree } from '@react-three/fiber';
import { useRef } from 'react';
import { createRoot } from 'react-dom/client';
import { ENVIRONMENTS } from '../../course/schema';
import { Environment, EnvironmentLights, type EnvironmentName } from './index';
import { FocusRing } from './focus-ring';
import { KitProp } from './kit-prop';
import { KIT_PROP_SIZE, KIT_PROP_SPECS, type KitPropKind } from './props';
import { PEOPLE_LINEUP, PeopleLineup } from './people/lineup';

const params = new URLSearchParams(location.search);
const envParam = params.get('env') ?? 'office';
const env = (ENVIRONMENTS as readonly string[]).includes(envParam) ? (envParam as EnvironmentName) : null;
const propsMode = params.get('props') ?? '1';
const DEG = Math.PI / 180;
const yaw = Number(params.get('yaw') ?? 0) * DEG;
const pitch = Number(params.get('pitch') ?? 0) * DEG;
const cam = (params.get('cam') ?? '0,1.6,0').split(',').map(Number) as [number, number, number];

/** Reports the previous frame's renderer counts (info resets at the start of each render). */
function Stats() {
  const gl = useThree((s) => s.gl);
  const frame = useRef(0);
  useFrame(() => {
    frame.current++;
    if (frame.current % 10 !== 5) return;
    const el = document.getElementById('stats');
    if (!el) return;
    const { calls, triangles } = gl.info.render;
    el.textContent = `env ${env ?? 'none'} props ${propsMode}\ncalls ${calls}\ntriangles ${triangles}\nprograms ${gl.info.programs?.length ?? 0}`;
    el.dataset.calls = String(calls);
    el.dataset.triangles = String(triangles);
    el.dataset.programs = String(gl.info.programs?.length ?? 0);
    el.dataset.frame = String(frame.current);
  });
  return null;
}

/** A plausible course layout in the central area. */
function SampleProps() {
  return (
    <group>
      <KitProp kind="desk" position={[-1.5, 0, -3.2]} />
      <KitProp kind="monitor" position={[-1.5, 0.75, -3.4]} />
      <KitProp kind="sticky-note" position={[-1.33, 1.02, -3.382]} rotation={[Math.PI / 2, 0, 0]} />
      <KitProp kind="keyboard" position={[-1.5, 0.75, -3.0]} />
      <KitProp kind="usb-stick" position={[-1.0, 0.75, -3.0]} rotation={[0, 0.4, 0]} />
      <KitProp kind="phone" position={[-2.0, 0.75, -3.05]} rotation={[0, -0.3, 0]} />
      <KitProp kind="chair" position={[-1.5, 0, -2.5]} rotation={[0, Math.PI, 0]} />
      <KitProp kind="desk" position={[1.5, 0, -3.2]} color="#9aa0a6" />
      <KitProp kind="laptop" position={[1.3, 0.75, -3.25]} />
      <KitProp kind="folder" position={[1.9, 0.75, -3.2]} rotation={[0, 0.3, 0]} />
      <KitProp kind="paper-stack" position={[0.9, 0.75, -3.3]} />
      <KitProp kind="badge" position={[1.0, 0.75, -3.0]} rotation={[-Math.PI / 2, 0, 0.5]} />
      <KitProp kind="lamp" position={[2.0, 0.75, -3.4]} />
      <KitProp kind="printer" position={[3.1, 0, -2.6]} rotation={[0, -0.6, 0]} />
      <KitProp kind="whiteboard" position={[-3.2, 0, -4.6]} rotation={[0, 0.35, 0]} />
      <KitProp kind="person" position={[0.3, 0, -2.1]} color="#3a4a63" rotation={[0, -0.3, 0]} />
      <FocusRing size={KIT_PROP_SIZE.person} position={[0.3, 0, -2.1]} rotation={[0, -0.3, 0]} />
      <KitProp kind="server-rack" position={[3.3, 0, -4.6]} rotation={[0, -0.4, 0]} />
      <KitProp kind="counter" position={[0, 0, -5.0]} />
      <KitProp kind="data-card" position={[-0.7, 1.35, -2.4]} />
      <KitProp kind="data-card" position={[0.0, 1.75, -2.6]} color="#ffc94d" />
      <KitProp kind="bin" position={[-2.6, 0, -2.9]} />
      <KitProp kind="shredder" position={[-3.3, 0, -2.4]} rotation={[0, 0.5, 0]} />
      <KitProp kind="plant" position={[3.4, 0, -1.0]} />
    </group>
  );
}

/** Every prop in two rows, for close inspection (?env=none&props=all&cam=0,1.2,2&pitch=-20). */
function AllProps() {
  const kinds = Object.keys(KIT_PROP_SPECS) as KitPropKind[];
  const rows = [kinds.slice(0, 12), kinds.slice(12)];
  return (
    <group>
      {rows.map((row, r) => {
        const widths = row.map((k) => Math.max(KIT_PROP_SIZE[k][0], 0.25) + 0.15);
        let x = -widths.reduce((a, w) => a + w, 0) / 2;
        return row.map((kind, i) => {
          const w = widths[i] ?? 0;
          const px = x + w / 2;
          x += w;
          return <KitProp key={kind} kind={kind} position={[px, 0, r === 0 ? -1 : -3]} />;
        });
      })}
    </group>
  );
}

function App() {
  return (
    <Canvas
      dpr={1}
      camera={{ position: cam, fov: 70, near: 0.05, far: 200 }}
      onCreated={({ camera }) => camera.rotation.set(pitch, yaw, 0, 'YXZ')}
    >
      {env ? <Environment preset={env} /> : <EnvironmentLights preset="office" />}
      {!env && <color attach="background" args={['#8a9099']} />}
      {propsMode === '1' && <SampleProps />}
      {propsMode === 'all' && <AllProps />}
      {propsMode === 'people' && <PeopleLineup specs={PEOPLE_LINEUP} />}
      <Stats />
    </Canvas>
  );
}

const root = document.getElementById('root');
if (root) createRoot(root).render(<App />);
