// A QR code drawn on the page as SVG (no request leaves the host): the headset sign-in's approval
// address and a class's join address.
import { useMemo } from 'react';
import { qrSvgPath } from './qr-svg-path.ts';

export function QrCode({ text, label }: { text: string; label: string }) {
  const { size, path } = useMemo(() => qrSvgPath(text), [text]);
  // A quiet zone of 4 modules on every side, as the QR standard asks.
  const quiet = 4;
  return (
    <svg
      className="qr-code"
      role="img"
      aria-label={label}
      data-qr-text={text}
      viewBox={`${-quiet} ${-quiet} ${size + 2 * quiet} ${size + 2 * quiet}`}
      shapeRendering="crispEdges"
    >
      <rect x={-quiet} y={-quiet} width={size + 2 * quiet} height={size + 2 * quiet} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
