import { describe, expect, it } from 'vitest';
import { isSoftwareRenderer, renderQualityFor } from './render-quality.ts';

describe('render quality', () => {
  it('recognises the CPU renderers browsers fall back to', () => {
    for (const renderer of [
      'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
      'Google SwiftShader',
      'llvmpipe (LLVM 15.0.6, 256 bits)',
      'ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0, D3D11)',
      'Mesa softpipe',
    ])
      expect(isSoftwareRenderer(renderer), renderer).toBe(true);
  });

  it('keeps GPUs and unknown renderers at full quality', () => {
    for (const renderer of [
      'ANGLE (Intel, Intel(R) UHD Graphics 630 Direct3D11 vs_5_0 ps_5_0, D3D11)',
      'Adreno (TM) 740',
      'Apple GPU',
      'WebKit WebGL',
    ])
      expect(isSoftwareRenderer(renderer), renderer).toBe(false);
    expect(isSoftwareRenderer(null)).toBe(false);
    expect(renderQualityFor(null)).toEqual({ renderer: null, software: false, antialias: true, dpr: [1, 2] });
  });

  it('draws without antialiasing at one device pixel per CSS pixel on the CPU', () => {
    expect(renderQualityFor('Google SwiftShader')).toEqual({
      renderer: 'Google SwiftShader',
      software: true,
      antialias: false,
      dpr: [1, 1],
    });
  });
});
