/**
 * The task a 小程序码 identifies: its `scene` (at most 32 characters) is the task id without
 * dashes, or `t=<id>`. Anything else yields no task, and the resident picks a claim instead.
 */
export function taskIdFromScene(scene: string | undefined): string | null {
  if (!scene) return null
  const text = decodeURIComponent(scene).replace(/^t=/, '')
  const hex = text.replace(/-/g, '').toLowerCase()
  if (!/^[0-9a-f]{32}$/.test(hex)) return null
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/**
 * The 6-digit check-in code in what the staff's QR code holds: the bare code, or JSON / a query
 * string with a `code` field (and possibly the task).
 */
export function checkInCodeFrom(scanned: string): string | null {
  const text = scanned.trim()
  if (/^\d{6}$/.test(text)) return text
  try {
    const json = JSON.parse(text) as { code?: unknown }
    if (typeof json.code === 'string' && /^\d{6}$/.test(json.code)) return json.code
  } catch {
    // not JSON
  }
  const match = /(?:^|[?&])code=(\d{6})(?:&|$)/.exec(text)
  return match ? match[1] : null
}
