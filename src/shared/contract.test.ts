import { describe, expect, it } from 'vitest'
import { invokeChannels, eventChannels } from './contract'
import { INVOKE_CHANNELS, EVENT_CHANNELS } from './channels'

describe('contract', () => {
  it('the preload channel list matches the contract exactly', () => {
    expect([...INVOKE_CHANNELS].sort()).toEqual(Object.keys(invokeChannels).sort())
    expect([...EVENT_CHANNELS].sort()).toEqual([...eventChannels].sort())
  })
  it('every channel is named domain:verb', () => {
    for (const c of Object.keys(invokeChannels)) expect(c).toMatch(/^[a-z]+:[a-z-]+$/)
  })
})
