// The user's name (asked once, kept by main in the user's settings) is recorded on every change.
import { useEffect, useState } from 'react'
import { api } from '../api'

let cached: string | null = null
const listeners = new Set<(n: string | null) => void>()

export function currentUser(): string {
  return cached ?? 'unknown'
}

export async function setUserName(name: string) {
  const r = await api.settings.setUser({ name })
  cached = r.userName
  for (const l of listeners) l(cached)
}

export function useUserName(): [string | null, boolean] {
  const [name, setName] = useState(cached)
  const [loaded, setLoaded] = useState(cached !== null)
  useEffect(() => {
    listeners.add(setName)
    if (cached === null) {
      api.app.info({}).then((info) => {
        cached = info.userName
        setName(cached)
        setLoaded(true)
      }).catch(() => setLoaded(true))
    }
    return () => { listeners.delete(setName) }
  }, [])
  return [name, loaded]
}
