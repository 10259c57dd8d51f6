// A wide table's horizontal scroller that keyboard users can scroll too: focusable, and named
// after its table so a screen reader says what the region holds (WCAG 2.1.1, axe
// scrollable-region-focusable).
import type { ReactNode } from 'react';

export function TableScroll({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <div className={className ? `table-scroll ${className}` : 'table-scroll'} role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
