// The few settings that matter, with the seed lecture's recipe as defaults (src/ml/config.ts is
// the single source of those defaults; main fills in and validates the rest).
import { defaultConfig } from '../../../../ml/config'
import type { Task } from '../../../../shared/domain'

export type BackendChoice = 'auto' | 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu'
export type ModelPreset = 'unet-small' | 'unet' | 'cnn' | 'cnn-vgg'

export interface TrainingSettingsValue {
  task: Task
  model: ModelPreset
  inputSize: number
  epochs: number
  batchSize: number
  lr: number
  augmentation: boolean
  backend: BackendChoice
  /** Threads per step on wasm/cpu. */
  workers: 'auto' | number
  /** Epochs without a better validation score before stopping; 0 = never stop early. */
  earlyStoppingPatience: number
}

export const MODEL_PRESETS: Record<Task, { value: ModelPreset; label: string }[]> = {
  segmentation: [{ value: 'unet-small', label: 'U-Net small' }, { value: 'unet', label: 'U-Net (seed recipe)' }],
  classification: [{ value: 'cnn', label: 'CNN (seed recipe)' }, { value: 'cnn-vgg', label: 'VGG-style CNN' }],
}

export function defaultSettings(task: Task): TrainingSettingsValue {
  const c = defaultConfig(task)
  return { task, model: c.model, inputSize: c.inputSize, epochs: c.epochs, batchSize: c.batchSize, lr: c.lr, augmentation: c.augmentation, backend: c.backend, workers: c.workers, earlyStoppingPatience: c.earlyStoppingPatience }
}

const BACKENDS: { value: BackendChoice; label: string }[] = [
  { value: 'auto', label: 'auto (fastest that loads)' },
  { value: 'tensorflow-gpu', label: 'GPU (tfjs-node-gpu)' },
  { value: 'tensorflow', label: 'native CPU (tfjs-node)' },
  { value: 'wasm', label: 'wasm' },
  { value: 'cpu', label: 'cpu (pure JS, slow)' },
]

export function TrainingSettings({ value, onChange, disabled }: { value: TrainingSettingsValue; onChange: (v: TrainingSettingsValue) => void; disabled?: boolean }) {
  const set = <K extends keyof TrainingSettingsValue>(k: K, v: TrainingSettingsValue[K]) => onChange({ ...value, [k]: v })
  const int = (s: string, fallback: number) => {
    const n = Number.parseInt(s, 10)
    return Number.isFinite(n) && n > 0 ? n : fallback
  }
  return (
    <fieldset className="train-settings" disabled={disabled}>
      <label>Task
        <select data-testid="train-task" value={value.task} onChange={(e) => onChange({ ...defaultSettings(e.target.value as Task), backend: value.backend, workers: value.workers })}>
          <option value="segmentation">Segmentation (U-Net)</option>
          <option value="classification">Classification (CNN)</option>
        </select>
      </label>
      <label>Model
        <select data-testid="train-model" value={value.model} onChange={(e) => set('model', e.target.value as ModelPreset)}>
          {MODEL_PRESETS[value.task].map((m) => <option key={m.value} value={m.value}>{m.label}</option>)}
        </select>
      </label>
      <label>Input size
        <input data-testid="train-input-size" type="number" min={8} max={1024} step={8} value={value.inputSize} onChange={(e) => set('inputSize', int(e.target.value, value.inputSize))} />
      </label>
      <label>Epochs
        <input data-testid="train-epochs" type="number" min={1} max={10000} value={value.epochs} onChange={(e) => set('epochs', int(e.target.value, value.epochs))} />
      </label>
      <label>Batch size
        <input data-testid="train-batch-size" type="number" min={1} max={1024} value={value.batchSize} onChange={(e) => set('batchSize', int(e.target.value, value.batchSize))} />
      </label>
      <label>Learning rate
        <input data-testid="train-lr" type="number" min={0} max={1} step="any" value={value.lr} onChange={(e) => {
          const n = Number(e.target.value)
          if (n > 0 && n <= 1) set('lr', n)
        }} />
      </label>
      <label title="Stop when the validation score has not improved for this many epochs (0: train every epoch)">Early stopping after
        <input data-testid="train-patience" type="number" min={0} max={1000} value={value.earlyStoppingPatience} onChange={(e) => {
          const n = Number.parseInt(e.target.value, 10)
          if (Number.isInteger(n) && n >= 0) set('earlyStoppingPatience', n)
        }} /> epochs without improvement (0 = off)
      </label>
      <label className="inline">
        <input data-testid="train-augmentation" type="checkbox" checked={value.augmentation} onChange={(e) => set('augmentation', e.target.checked)} />
        Augmentation (flips, small rotations and shifts, intensity jitter)
      </label>
      <label>Backend
        <select data-testid="train-backend" value={value.backend} onChange={(e) => set('backend', e.target.value as BackendChoice)}>
          {BACKENDS.map((b) => <option key={b.value} value={b.value}>{b.label}</option>)}
        </select>
      </label>
      <label title="wasm and cpu compute on one core; two workers split each batch across two cores">Threads
        <select data-testid="train-workers" value={String(value.workers)} onChange={(e) => set('workers', e.target.value === 'auto' ? 'auto' : Number(e.target.value))}>
          <option value="auto">auto (time one against two)</option>
          <option value="1">one</option>
          <option value="2">two workers</option>
        </select>
      </label>
    </fieldset>
  )
}
