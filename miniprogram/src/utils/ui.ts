import { ApiError } from '../services/request'

/** The message to show for any failure. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message
  return '操作没有成功，请稍后再试。'
}

export function toastError(e: unknown): void {
  wx.showToast({ title: errorText(e), icon: 'none', duration: 3000 })
}

export function toastDone(title: string): void {
  wx.showToast({ title, icon: 'success' })
}

export function confirm(title: string, content: string): Promise<boolean> {
  return new Promise(resolve => {
    wx.showModal({ title, content, success: r => resolve(r.confirm), fail: () => resolve(false) })
  })
}
