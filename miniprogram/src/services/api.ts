import type {
  BindPhone, BindPhoneRequest, Board, CheckInCode, CheckInRequest, Claim, ClaimStatus, Community, Escalation, EscalationSatisfaction, Grid, Honor, LedgerEntry, Need, Notification, Page, PersonalDataExport, Points, PostNeedRequest, PrivacyPolicy, Profile,
  Ranking, RankingList, RankingMetric, RankingScope, RateEscalationRequest, Redemption, Reward, SubscriptionsRequest, Task, TaskCategory, UpdateProfileRequest,
} from '../api/index'
import { once, request } from './request'

/** One function per route the mini-program uses; types come from the generated schema. */
export interface TaskFilter {
  category?: TaskCategory
  gridId?: string
  date?: string
  partyMembersOnly?: boolean
  page?: number
  pageSize?: number
}

export const api = {
  me: () => request<Profile>('/api/v1/me'),
  updateMe: (body: UpdateProfileRequest) => request<Profile>('/api/v1/me', { method: 'PUT', data: body }),
  communities: (page = 1) => request<Page<Community>>('/api/v1/communities', { query: { page, pageSize: 100 } }),
  grids: (communityId: string) => request<Page<Grid>>(`/api/v1/communities/${communityId}/grids`, { query: { pageSize: 100 } }),

  tasks: (filter: TaskFilter) => request<Page<Task>>('/api/v1/tasks', { query: { status: 'published', ...filter } }),
  task: (id: string) => request<Task>(`/api/v1/tasks/${id}`),
  claim: (taskId: string) => request<Claim>(`/api/v1/tasks/${taskId}/claims`, { method: 'POST', data: {} }),
  cancelClaim: (claimId: string) => request<Claim>(`/api/v1/claims/${claimId}/cancel`, { method: 'POST', data: {} }),
  checkIn: (claimId: string, code: string) => request<Claim>(`/api/v1/claims/${claimId}/check-in`, { method: 'POST', data: { code } satisfies CheckInRequest }),
  /** Check-in by position (WGS-84), for tasks with a service location; too far answers 422 checkIn.tooFar with the distance. */
  checkInAt: (claimId: string, latitude: number, longitude: number) =>
    request<Claim>(`/api/v1/claims/${claimId}/check-in`, { method: 'POST', data: { latitude, longitude } satisfies CheckInRequest }),
  checkOut: (claimId: string) => request<Claim>(`/api/v1/claims/${claimId}/check-out`, { method: 'POST', data: {} }),
  rate: (claimId: string, stars: number, comment?: string) =>
    request<Claim>(`/api/v1/claims/${claimId}/rating`, { method: 'POST', data: { stars, comment } }),
  myClaims: (page: number, status?: ClaimStatus) => request<Page<Claim>>('/api/v1/me/claims', { query: { page, status } }),
  checkInCode: (taskId: string) => request<CheckInCode>(`/api/v1/tasks/${taskId}/check-in-code`),

  postNeed: (body: PostNeedRequest) => request<Need>('/api/v1/needs', { method: 'POST', data: body }),
  myNeeds: (page: number) => request<Page<Need>>('/api/v1/me/needs', { query: { page } }),
  withdrawNeed: (id: string) => request<Need>(`/api/v1/needs/${id}/withdraw`, { method: 'POST', data: {} }),
  /** 吹哨报到: the escalations of my needs (newest first), one with its timeline, and my rating once it is resolved. */
  myEscalations: (page: number) => request<Page<Escalation>>('/api/v1/escalations', { query: { page } }),
  escalation: (id: string) => request<Escalation>(`/api/v1/escalations/${id}`),
  rateEscalation: (id: string, level: EscalationSatisfaction, comment?: string) =>
    request<Escalation>(`/api/v1/escalations/${id}/satisfaction`, { method: 'POST', data: { level, comment } satisfies RateEscalationRequest }),

  points: () => request<Points>('/api/v1/me/points'),
  ledger: (page: number) => request<Page<LedgerEntry>>('/api/v1/me/points/ledger', { query: { page } }),

  rewards: (page: number) => request<Page<Reward>>('/api/v1/rewards', { query: { page } }),
  /** Redeems once: a retry of the same redemption (same reward, not yet answered) reuses its Idempotency-Key. */
  redeem: (rewardId: string, note?: string) =>
    once<Redemption>(`redeem:${rewardId}`, `/api/v1/rewards/${rewardId}/redemptions`, { method: 'POST', data: { note } }),
  myRedemptions: (page: number, status?: Redemption['status']) =>
    request<Page<Redemption>>('/api/v1/me/redemptions', { query: { page, status } }),
  cancelRedemption: (id: string) => request<Redemption>(`/api/v1/redemptions/${id}/cancel`, { method: 'POST', data: {} }),

  liveRanking: (scope: RankingScope, list: RankingList, metric: RankingMetric, page: number) =>
    request<Ranking>('/api/v1/rankings/live', { query: { scope, list, metric, page } }),
  ranking: (period: string, scope: RankingScope, list: RankingList, metric: RankingMetric, page: number) =>
    request<Ranking>('/api/v1/rankings', { query: { period, scope, list, metric, page } }),
  honors: (period: string | undefined, page: number) => request<Page<Honor>>('/api/v1/honors', { query: { period, page } }),
  board: (communityId: string, period: string | undefined, page: number) =>
    request<Board>(`/api/v1/communities/${communityId}/board`, { query: { period, page } }),

  notifications: (page: number, unread?: boolean) =>
    request<Page<Notification>>('/api/v1/me/notifications', { query: { page, unread } }),
  markRead: (id: string) => request<void>(`/api/v1/me/notifications/${id}/read`, { method: 'POST', data: {} }),
  markAllRead: () => request<void>('/api/v1/me/notifications/read-all', { method: 'POST', data: {} }),
  subscribed: (templateIds: string[]) =>
    request<void>('/api/v1/me/subscriptions', { method: 'POST', data: { templateIds } satisfies SubscriptionsRequest }),
  bindPhone: (code: string) => request<BindPhone>('/api/v1/me/phone', { method: 'POST', data: { code } satisfies BindPhoneRequest }),

  privacyPolicy: () => request<PrivacyPolicy>('/api/v1/privacy-policy', { auth: false }),
  exportMyData: () => request<PersonalDataExport>('/api/v1/me/export'),
  eraseMe: () => request<void>('/api/v1/me', { method: 'DELETE' }),
}
