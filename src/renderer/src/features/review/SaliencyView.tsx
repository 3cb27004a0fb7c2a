// Grad-CAM overlay for a classification run: where the CNN's last conv block found evidence for
// the predicted class, as a heat map blended over the windowed image. Computed in the trainer on
// request (G), never in the renderer.
import { useEffect, useRef, useState } from 'react'
import { api } from '../../api'
import type { ImagePixels } from '../../../../shared/contract'
import { renderWindowed, type DisplayWindow } from '../../components/window-level'

interface Props {
  projectId: string
  runId: string
  imageId: number
  pixels: ImagePixels
  window: DisplayWindow
  classNames: string[]
}

/** Blue → cyan → yellow → red, with alpha rising with the heat so cold areas stay clear. */
function heatColour(v: number): [number, number, number, number] {
  const t = v / 255
  const r = Math.min(255, Math.max(0, 255 * (1.5 - Math.abs(4 * t - 3))))
  const g = Math.min(255, Math.max(0, 255 * (1.5 - Math.abs(4 * t - 2))))
  const b = Math.min(255, Math.max(0, 255 * (1.5 - Math.abs(4 * t - 1))))
  return [r, g, b, Math.round(40 + 160 * t)]
}

export function SaliencyView({ projectId, runId, imageId, pixels, window: win, classNames }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null)
  const [state, setState] = useState<{ busy: boolean; error: string | null; classIndex: number | null }>({ busy: true, error: null, classIndex: null })

  useEffect(() => {
    let alive = true
    setState({ busy: true, error: null, classIndex: null })
    api.predictions.saliency({ projectId, runId, imageId }).then((s) => {
      if (!alive || !canvas.current) return
      const c = canvas.current
      c.width = pixels.width
      c.height = pixels.height
      const ctx = c.getContext('2d')!
      const img = ctx.createImageData(pixels.width, pixels.height)
      renderWindowed(pixels.data, pixels.min, pixels.max, win, img.data)
      const d = img.data
      for (let i = 0; i < s.heat.length; i++) {
        const [r, g, b, a] = heatColour(s.heat[i])
        const k = i * 4
        const w = a / 255
        d[k] = d[k] * (1 - w) + r * w
        d[k + 1] = d[k + 1] * (1 - w) + g * w
        d[k + 2] = d[k + 2] * (1 - w) + b * w
      }
      ctx.putImageData(img, 0, 0)
      c.dataset.heatMax = String(s.heat.reduce((m, v) => Math.max(m, v), 0))
      setState({ busy: false, error: null, classIndex: s.classIndex })
    }).catch((e: Error) => alive && setState({ busy: false, error: e.message, classIndex: null }))
    return () => { alive = false }
  }, [projectId, runId, imageId, pixels, win])

  return (
    <div className="saliency" data-testid="saliency">
      <canvas ref={canvas} className="saliency-canvas" data-testid="saliency-canvas" style={{ imageRendering: 'pixelated' }} />
      <p className="muted small">
        {state.busy ? 'Computing Grad-CAM…' : state.error ? <span className="error">{state.error}</span>
          : <>Grad-CAM for <b>{classNames[state.classIndex ?? 0] ?? `class ${state.classIndex}`}</b>: warm colours are where the CNN found its evidence.</>}
      </p>
    </div>
  )
}
