import type { Migration } from './types'

// The first schema: projects, images (2D planes; a volume is a set of slices), pixels and
// thumbnails kept in the DB so browsing and training never re-decode source files,
// versioned masks and labels (append-only: nothing is ever overwritten), runs and predictions.
export const migration0010: Migration = {
  version: 10,
  name: 'init',
  up: `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE files (
  sha256 TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  original_name TEXT NOT NULL,
  format TEXT NOT NULL,
  added_at TEXT NOT NULL
);

CREATE TABLE volumes (
  id INTEGER PRIMARY KEY,
  file_sha TEXT REFERENCES files(sha256),
  series_uid TEXT,
  name TEXT NOT NULL,
  format TEXT NOT NULL,
  dims_json TEXT NOT NULL,
  spacing_json TEXT NOT NULL,
  affine_json TEXT,
  patient_key TEXT,
  created_at TEXT NOT NULL
);

CREATE TABLE images (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  source_key TEXT NOT NULL UNIQUE,
  source_path TEXT,
  file_sha TEXT REFERENCES files(sha256),
  frame_index INTEGER,
  format TEXT NOT NULL,
  modality TEXT,
  width INTEGER NOT NULL CHECK (width > 0),
  height INTEGER NOT NULL CHECK (height > 0),
  dtype TEXT NOT NULL,
  spacing_x REAL NOT NULL DEFAULT 1,
  spacing_y REAL NOT NULL DEFAULT 1,
  window_center REAL,
  window_width REAL,
  min REAL NOT NULL,
  max REAL NOT NULL,
  split TEXT CHECK (split IN ('train','val','test')),
  patient_key TEXT,
  study_key TEXT,
  volume_id INTEGER REFERENCES volumes(id),
  slice_index INTEGER,
  review_status TEXT NOT NULL DEFAULT 'none' CHECK (review_status IN ('none','draft','in_review','approved')),
  meta_json TEXT NOT NULL DEFAULT '{}',
  -- Cached pointers to the newest history rows, updated in the same transaction as the
  -- append-only history tables, so filters over 100k images stay index lookups.
  current_mask_id INTEGER,
  mask_area INTEGER,
  label_class_id INTEGER,
  label_flagged INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE INDEX images_label ON images(label_class_id);
CREATE INDEX images_mask ON images(current_mask_id);
CREATE INDEX images_split ON images(split);
CREATE INDEX images_name ON images(name);
CREATE INDEX images_volume ON images(volume_id, slice_index);
CREATE INDEX images_patient ON images(patient_key);

CREATE TABLE image_pixels (
  image_id INTEGER PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,
  dtype TEXT NOT NULL,
  data BLOB NOT NULL
);

CREATE TABLE thumbnails (
  image_id INTEGER PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,
  png BLOB NOT NULL
);

CREATE TABLE label_classes (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  color TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('mask','image')),
  value INTEGER,
  position INTEGER NOT NULL,
  UNIQUE (kind, name)
);

CREATE TABLE image_labels (
  id INTEGER PRIMARY KEY,
  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  class_id INTEGER REFERENCES label_classes(id),
  flagged INTEGER NOT NULL DEFAULT 0,
  author TEXT NOT NULL,
  created_at TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('human','import','model')),
  run_id TEXT
);
CREATE INDEX image_labels_image ON image_labels(image_id, id);

CREATE TABLE mask_versions (
  id INTEGER PRIMARY KEY,
  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  parent_id INTEGER REFERENCES mask_versions(id),
  author TEXT NOT NULL,
  created_at TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('human','import','model','accepted_prediction')),
  run_id TEXT,
  codec TEXT NOT NULL CHECK (codec IN ('rle')),
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  area INTEGER NOT NULL,
  data BLOB NOT NULL
);
CREATE INDEX mask_versions_image ON mask_versions(image_id, id);

CREATE TABLE review_events (
  id INTEGER PRIMARY KEY,
  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  status TEXT NOT NULL,
  author TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  task TEXT NOT NULL CHECK (task IN ('segmentation','classification')),
  status TEXT NOT NULL CHECK (status IN ('queued','running','done','failed','cancelled')),
  config_json TEXT NOT NULL,
  seed INTEGER NOT NULL,
  backend TEXT,
  data_hash TEXT,
  snapshot_json TEXT,
  created_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT,
  error TEXT,
  best_json TEXT,
  imported INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE run_epochs (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  epoch INTEGER NOT NULL,
  metrics_json TEXT NOT NULL,
  PRIMARY KEY (run_id, epoch)
);

CREATE TABLE checkpoints (
  id INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('best','last')),
  epoch INTEGER NOT NULL,
  path TEXT NOT NULL,
  metric_name TEXT,
  metric REAL,
  created_at TEXT NOT NULL,
  UNIQUE (run_id, kind)
);

CREATE TABLE predictions (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  width INTEGER,
  height INTEGER,
  prob BLOB,
  probs_json TEXT,
  uncertainty REAL,
  review TEXT NOT NULL DEFAULT 'none' CHECK (review IN ('none','accepted','rejected','flagged')),
  created_at TEXT NOT NULL,
  PRIMARY KEY (run_id, image_id)
);
`,
}
