import { config } from '../config'
import { api } from './api'

type TemplateName = keyof typeof config.subscribeTemplateIds

/**
 * Asks for one-time subscribe messages before an action that will notify (a claim, a need, a
 * redemption). WeChat allows the prompt only from a tap, so pages call this first in their tap
 * handler. Accepted templates are told to the server as send credits; a refusal or a failure
 * never blocks the action itself.
 */
export async function askToNotify(...names: TemplateName[]): Promise<string[]> {
  const ids = names.map(n => config.subscribeTemplateIds[n]).filter(id => !!id)
  if (ids.length === 0) return []
  const accepted = await new Promise<string[]>(resolve => {
    wx.requestSubscribeMessage({
      tmplIds: ids,
      success: (r: WechatMiniprogram.RequestSubscribeMessageSuccessCallbackResult) =>
        resolve(ids.filter(id => (r as unknown as Record<string, string>)[id] === 'accept')),
      fail: () => resolve([]),
    })
  })
  if (accepted.length > 0) {
    try {
      await api.subscribed(accepted)
    } catch {
      // The action matters more than the message: carry on without the credit.
    }
  }
  return accepted
}
