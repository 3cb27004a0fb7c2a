import type { Migration } from './types'

// Dice/IoU at the default threshold, cached per prediction with the ground-truth mask version
// they were computed against, so the worst-first queue of 10,000 predictions needs no mask decoding.
export const migration0020: Migration = {
  version: 20,
  name: 'prediction_scores',
  up: `
ALTER TABLE predictions ADD COLUMN dice REAL;
ALTER TABLE predictions ADD COLUMN iou REAL;
ALTER TABLE predictions ADD COLUMN scored_mask_id INTEGER;
CREATE INDEX predictions_run_dice ON predictions(run_id, dice);
`,
}
