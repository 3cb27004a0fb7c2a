/** 'masks:save' → ['masks', 'save']; 'predictions:next-to-annotate' → ['predictions', 'nextToAnnotate']. */
export function channelMethod(channel: string): [string, string] {
  const [domain, verb] = channel.split(':')
  return [domain, verb.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())]
}
