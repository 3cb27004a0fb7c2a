// Hash routes, so a reload (or a second window) lands on the same place.
export type Route =
  | { name: 'start' }
  | { name: 'dataset'; projectId: string }
  | { name: 'annotate'; projectId: string; imageId: number }
  | { name: 'triage'; projectId: string }
  | { name: 'training'; projectId: string }
  | { name: 'review'; projectId: string; runId?: string }

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent)
  if (parts[0] !== 'p' || !parts[1]) return { name: 'start' }
  const projectId = parts[1]
  switch (parts[2]) {
    case 'annotate': return { name: 'annotate', projectId, imageId: Number(parts[3]) }
    case 'triage': return { name: 'triage', projectId }
    case 'training': return { name: 'training', projectId }
    case 'review': return { name: 'review', projectId, runId: parts[3] }
    default: return { name: 'dataset', projectId }
  }
}

export function routeToHash(r: Route): string {
  switch (r.name) {
    case 'start': return '#/'
    case 'dataset': return `#/p/${encodeURIComponent(r.projectId)}/dataset`
    case 'annotate': return `#/p/${encodeURIComponent(r.projectId)}/annotate/${r.imageId}`
    case 'triage': return `#/p/${encodeURIComponent(r.projectId)}/triage`
    case 'training': return `#/p/${encodeURIComponent(r.projectId)}/training`
    case 'review': return `#/p/${encodeURIComponent(r.projectId)}/review${r.runId ? `/${encodeURIComponent(r.runId)}` : ''}`
  }
}

export function navigate(r: Route) {
  window.location.hash = routeToHash(r)
}
