import { useEffect, useState } from 'react'

/** The value, once it has stayed unchanged for `ms` (search boxes: no query per keystroke). */
export function useDebouncedValue<T>(value: T, ms: number): T {
  const [v, setV] = useState(value)
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms)
    return () => clearTimeout(t)
  }, [value, ms])
  return v
}
