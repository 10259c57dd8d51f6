// The verify page's camera scanner: asks for the camera only when the person presses Scan (the rear
// camera where there is one), reads frames into a canvas and decodes them with ZXing (loaded only
// then, served by this site), and stops the camera as soon as a code is read or the scanner closes.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useT } from '../../i18n/i18n.ts';
import type { UiKey } from '../../i18n/strings.ts';
import type { decodeQr } from './qr-decode.ts';

type CameraProblem = 'unsupported' | 'denied' | 'none' | 'failed';
type ScanState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'starting' }
  | { readonly kind: 'scanning'; readonly stream: MediaStream }
  | { readonly kind: 'problem'; readonly problem: CameraProblem };

const PROBLEM_KEYS: Readonly<Record<CameraProblem, UiKey>> = {
  unsupported: 'verify_cameraUnsupported',
  denied: 'verify_cameraDenied',
  none: 'verify_cameraNone',
  failed: 'verify_cameraFailed',
};

/** Frames are scaled down to this width before decoding: enough for a QR code, cheap on a phone. */
const DECODE_WIDTH = 640;
const DECODE_EVERY_MS = 250;

function problemOf(error: unknown): CameraProblem {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'NotReadableError') return 'none';
  return 'failed';
}

export function QrScanner({ onCode }: { onCode: (text: string) => void }) {
  const { t } = useT();
  const [state, setState] = useState<ScanState>({ kind: 'idle' });
  const videoRef = useRef<HTMLVideoElement>(null);

  const stop = useCallback(() => {
    setState((current) => {
      if (current.kind === 'scanning') for (const track of current.stream.getTracks()) track.stop();
      return { kind: 'idle' };
    });
  }, []);

  const start = async () => {
    if (typeof navigator.mediaDevices?.getUserMedia !== 'function') {
      setState({ kind: 'problem', problem: 'unsupported' });
      return;
    }
    setState({ kind: 'starting' });
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
      setState({ kind: 'scanning', stream });
    } catch (error) {
      setState({ kind: 'problem', problem: problemOf(error) });
    }
  };

  const stream = state.kind === 'scanning' ? state.stream : null;
  useEffect(() => {
    const video = videoRef.current;
    if (stream === null || video === null) return;
    video.srcObject = stream;
    void video.play().catch(() => undefined);
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true });
    let decode: typeof decodeQr | null = null;
    let done = false;
    void import('./qr-decode.ts').then((module) => {
      decode = module.decodeQr;
    });
    const timer = window.setInterval(() => {
      if (done || decode === null || context === null || video.videoWidth === 0) return;
      const width = Math.min(video.videoWidth, DECODE_WIDTH);
      const height = Math.round((video.videoHeight * width) / video.videoWidth);
      canvas.width = width;
      canvas.height = height;
      context.drawImage(video, 0, 0, width, height);
      const text = decode(context.getImageData(0, 0, width, height).data, width, height);
      if (text === null) return;
      done = true;
      stop();
      onCode(text);
    }, DECODE_EVERY_MS);
    return () => {
      window.clearInterval(timer);
      for (const track of stream.getTracks()) track.stop();
      video.srcObject = null;
    };
  }, [stream, stop, onCode]);

  return (
    <div className="verify-scanner" data-state={state.kind}>
      {state.kind === 'scanning' ? (
        <>
          <video ref={videoRef} className="verify-camera" muted playsInline aria-label={t('verify_cameraPreview')} />
          <p>{t('verify_cameraHint')}</p>
          <button type="button" onClick={stop}>
            {t('verify_cameraStop')}
          </button>
        </>
      ) : (
        <button type="button" onClick={() => void start()} disabled={state.kind === 'starting'}>
          {t('verify_cameraScan')}
        </button>
      )}
      {state.kind === 'problem' ? (
        <p role="alert" className="verify-camera-problem" data-problem={state.problem}>
          {t(PROBLEM_KEYS[state.problem])}
        </p>
      ) : null}
    </div>
  );
}
