/** Shows an API error's own message (it names the file/field and the problem), dismissible. */
export function ErrorBanner({ error, onDismiss, testId = 'error' }: { error: string | null; onDismiss?: () => void; testId?: string }) {
  if (!error) return null
  return (
    <div className="error-banner" role="alert" data-testid={testId}>
      <span>{error}</span>
      {onDismiss && <button className="link" onClick={onDismiss} aria-label="Dismiss">×</button>}
    </div>
  )
}

/** The message to show for anything thrown by the API or the UI. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
