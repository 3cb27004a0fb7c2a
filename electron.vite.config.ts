import { resolve } from 'node:path'
import { defineConfig, externalizeDepsPlugin } from 'electron-vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      rollupOptions: {
        // The trainer is its own entry: main runs it in a utilityProcess, never in-process.
        input: { index: resolve('src/main/index.ts'), trainer: resolve('src/ml/trainer.ts'), 'import-worker': resolve('src/main/services/import-worker.ts'),
          // Data-parallel training replicas run this on worker threads (src/ml/parallel-runner.ts finds it).
          'train-worker': resolve('src/ml/parallel/engine-worker.ts'),
        },
      },
    },
  },
  preload: {
    plugins: [externalizeDepsPlugin()],
    build: { rollupOptions: { input: { index: resolve('src/preload/index.ts') }, output: { format: 'cjs' } } },
  },
  renderer: {
    root: resolve('src/renderer'),
    plugins: [react()],
    build: { rollupOptions: { input: { index: resolve('src/renderer/index.html') } } },
  },
})
