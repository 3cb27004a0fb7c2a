// Eraser (E): the brush footprint writing background (0) over any class.
import { BrushTool } from './brush'

export function createEraserTool(): BrushTool {
  return new BrushTool('eraser')
}
