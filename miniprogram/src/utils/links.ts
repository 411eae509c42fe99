/**
 * Opening a link the server wrote (a notification's `link`, in WeChat's form "pages/…/index?id=…").
 * Tab pages open with switchTab, which takes no query; links into the web console are staff's, not ours.
 */
export const tabPages: ReadonlySet<string> = new Set([
  'pages/tasks/index',
  'pages/rankings/index',
  'pages/points/index',
  'pages/profile/index',
])

/** Normalises an id for comparison: the server may write a GUID with or without its dashes. */
export const sameId = (a: string, b: string): boolean =>
  a.replace(/-/g, '').toLowerCase() === b.replace(/-/g, '').toLowerCase()

/** Opens the page; false when the link is not a page of this mini-program (nothing happens then). */
export function openLink(link: string): boolean {
  const target = link.replace(/^\/+/, '')
  if (!target.startsWith('pages/')) return false
  const path = target.split('?')[0]
  if (tabPages.has(path)) wx.switchTab({ url: `/${path}` })
  else wx.navigateTo({ url: `/${target}` })
  return true
}
