import type { ImportProblem, ImportSummary } from '../../../../shared/import-types'

/** What an import did: counts, pairing, and every problem with its reason. */
export function ImportSummaryView({ s }: { s: ImportSummary }) {
  return (
    <div className="import-summary" data-testid="import-summary">
      <h3>Import finished <span className="muted">({s.layout} layout, {s.seconds.toFixed(1)} s)</span></h3>
      {s.stoppedEarly && <p className="error" data-testid="import-stopped">Stopped early: {s.stoppedEarly}</p>}
      <dl className="summary-counts">
        <dt>Files seen</dt><dd data-testid="sum-files">{s.filesSeen}</dd>
        <dt>Images added</dt><dd data-testid="sum-added">{s.imagesAdded}</dd>
        <dt>Already in project</dt><dd data-testid="sum-existing">{s.imagesSkippedExisting}</dd>
        <dt>Masks paired</dt><dd data-testid="sum-masks">{s.masksPaired}</dd>
        <dt>Images without masks</dt><dd data-testid="sum-no-mask">{s.imagesWithoutMasks}</dd>
        <dt>Empty masks</dt><dd data-testid="sum-empty-masks">{s.emptyMasks}</dd>
      </dl>
      <Counts title="Per split" counts={s.bySplit} testId="sum-split" />
      <Counts title="Per class" counts={s.byClass} testId="sum-class" />
      <Problems title="Unreadable files" items={s.unreadable} testId="sum-unreadable" />
      <Problems title="Mask / image size mismatches" items={s.sizeMismatches} testId="sum-mismatch" />
      <FileList title="Masks without images" files={s.masksWithoutImages} testId="sum-orphan-masks" />
      <FileList title="Duplicates (same content, imported once)" files={s.duplicates.map((d) => `${d.file} = ${d.sameAs}`)} testId="sum-duplicates" />
      {s.patientsInSeveralSplits.length > 0 && (
        <FileList title="Patients in more than one split (pseudonymous keys)" files={s.patientsInSeveralSplits} testId="sum-patient-leak" warn />
      )}
      {s.warnings.length > 0 && <ul className="warning" data-testid="sum-warnings">{s.warnings.map((w, i) => <li key={i}>{w}</li>)}</ul>}
    </div>
  )
}

function Counts({ title, counts, testId }: { title: string; counts: Record<string, number>; testId: string }) {
  const entries = Object.entries(counts)
  if (!entries.length) return null
  return (
    <div className="summary-block">
      <h4>{title}</h4>
      <ul className="summary-chips">{entries.map(([k, n]) => <li key={k} data-testid={`${testId}-${k}`}>{k}: <b>{n}</b></li>)}</ul>
    </div>
  )
}

function Problems({ title, items, testId }: { title: string; items: ImportProblem[]; testId: string }) {
  if (!items.length) return null
  return (
    <details className="summary-block" open={items.length <= 20} data-testid={testId}>
      <summary className="error">{title}: {items.length}</summary>
      <ul className="problem-list">{items.map((p, i) => <li key={i}><code>{p.file}</code>: {p.reason}</li>)}</ul>
    </details>
  )
}

function FileList({ title, files, testId, warn }: { title: string; files: string[]; testId: string; warn?: boolean }) {
  if (!files.length) return null
  return (
    <details className="summary-block" open={files.length <= 20} data-testid={testId}>
      <summary className={warn ? 'warning' : undefined}>{title}: {files.length}</summary>
      <ul className="problem-list">{files.map((f, i) => <li key={i}><code>{f}</code></li>)}</ul>
    </details>
  )
}
