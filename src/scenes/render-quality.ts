// How finely the 3D view draws on this machine. A machine without a usable GPU draws WebGL on the
// CPU (Chromium's SwiftShader, Mesa's llvmpipe, Windows' basic render driver): there, multisampled
// edges and a high-density canvas cost more than the learner gains — every frame drew about 40%
// slower with antialiasing on in SwiftShader (docs/performance.md) and a click in the task panel
// waited for it. Such machines draw without antialiasing at one device pixel per CSS pixel; a GPU
// keeps both.

/** What a renderer string says about the machine: drawn on the CPU or by a GPU. */
export function isSoftwareRenderer(renderer: string | null | undefined): boolean {
  if (!renderer) return false;
  return /swiftshader|llvmpipe|softpipe|software rasterizer|microsoft basic render/i.test(renderer);
}

export interface RenderQuality {
  /** The renderer string the browser reported (unmasked where the browser allows), or null. */
  renderer: string | null;
  software: boolean;
  antialias: boolean;
  /** Device-pixel-ratio range for the canvas: [min, max]. */
  dpr: [number, number];
}

/** The quality for a renderer string (pure; see detectRenderQuality for the browser's). */
export function renderQualityFor(renderer: string | null): RenderQuality {
  const software = isSoftwareRenderer(renderer);
  return { renderer, software, antialias: !software, dpr: software ? [1, 1] : [1, 2] };
}

let detected: RenderQuality | undefined;

/**
 * Asks a throwaway WebGL2 context which renderer the browser uses, once per page, then frees it.
 * Where the browser gives no answer, the view keeps full quality.
 */
export function detectRenderQuality(): RenderQuality {
  if (detected) return detected;
  let renderer: string | null = null;
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (gl) {
      const debug = gl.getExtension('WEBGL_debug_renderer_info');
      renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
      gl.getExtension('WEBGL_lose_context')?.loseContext();
    }
  } catch {
    renderer = null;
  }
  detected = renderQualityFor(renderer);
  return detected;
}
