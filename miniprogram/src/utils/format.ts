import type { ClaimStatus, TaskCategory } from '../api/index'

export const categoryNames: Record<TaskCategory, string> = {
  elderlyCare: '助老助残',
  microWish: '微心愿',
  environment: '环境整治',
  patrol: '守楼护院',
  mediation: '纠纷调解',
  legalAid: '法律服务',
  childCare: '爱心接送',
  culture: '文体活动',
  civilityPersuasion: '文明劝导',
  emergency: '应急服务',
  other: '其他',
}

export const claimStatusNames: Record<ClaimStatus, string> = {
  accepted: '已认领，待签到',
  checkedIn: '已签到，服务中',
  checkedOut: '已签退，待核验',
  verified: '已核验',
  rejected: '核验未通过',
  cancelled: '已取消',
  taskCancelled: '任务已取消',
  noShow: '未到场',
}

export const redemptionStatusNames: Record<string, string> = {
  pending: '待核销',
  fulfilled: '已核销',
  cancelled: '已取消',
  expired: '已过期',
}

export const ledgerKindNames: Record<string, string> = {
  earn: '服务获得',
  adjust: '社区更正',
  redeem: '兑换奖品',
  refund: '兑换退回',
  bonus: '表彰奖励',
}

const pad = (n: number) => (n < 10 ? `0${n}` : `${n}`)

/** China time (UTC+8), whatever the phone's time zone: "11月28日 09:30". */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const t = new Date(new Date(iso).getTime() + 8 * 3600 * 1000)
  return `${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`
}

/** yyyy-MM-dd in China time. */
export function chinaDate(date: Date): string {
  const t = new Date(date.getTime() + 8 * 3600 * 1000)
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`
}

/** yyyy-MM of the month before `date`, in China time. */
export function lastMonth(date: Date): string {
  const t = new Date(date.getTime() + 8 * 3600 * 1000)
  const year = t.getUTCMonth() === 0 ? t.getUTCFullYear() - 1 : t.getUTCFullYear()
  const month = t.getUTCMonth() === 0 ? 12 : t.getUTCMonth()
  return `${year}-${pad(month)}`
}

export function stars(level: number): string {
  return level > 0 ? '★'.repeat(level) + '☆'.repeat(Math.max(0, 5 - level)) : '暂无星级'
}
