import type { components } from './schema'

/** Names for the generated schemas the pages use (src/api/schema.d.ts, from the served document). */
type Schemas = components['schemas']
export type Task = Schemas['TaskResponse']
export type TaskCategory = Schemas['TaskCategory']
export type Claim = Schemas['ClaimResponse']
export type ClaimStatus = Schemas['ClaimStatus']
export type CheckInCode = Schemas['CheckInCodeResponse']
export type Need = Schemas['NeedResponse']
export type PostNeedRequest = Schemas['PostNeedRequest']
export type Points = Schemas['PointsResponse']
export type LedgerEntry = Schemas['LedgerEntryResponse']
export type Reward = Schemas['RewardResponse']
export type Redemption = Schemas['RedemptionResponse']
export type Ranking = Schemas['RankingResponse']
export type RankingScope = Schemas['RankingScope']
export type RankingList = Schemas['RankingList']
export type RankingMetric = Schemas['RankingMetric']
export type Honor = Schemas['HonorResponse']
export type Board = Schemas['BoardResponse']
export type Profile = Schemas['ProfileResponse']
export type UpdateProfileRequest = Schemas['UpdateProfileRequest']
export type Community = Schemas['CommunityResponse']
export type Grid = Schemas['GridResponse']
export type SignIn = Schemas['SignInResponse']
export type Notification = Schemas['NotificationResponse']
export type NotificationKind = Schemas['NotificationKind']
export type SubscriptionsRequest = Schemas['SubscriptionsRequest']
export type BindPhoneRequest = Schemas['BindPhoneRequest']
export type BindPhone = Schemas['BindPhoneResponse']
export type PrivacyPolicy = Schemas['PrivacyPolicyResponse']
export type PersonalDataExport = Schemas['PersonalDataExport']
export type CheckInRequest = Schemas['CheckInRequest']
export type Escalation = Schemas['EscalationResponse']
export type EscalationSatisfaction = Schemas['EscalationSatisfaction']
export type RateEscalationRequest = Schemas['RateEscalationRequest']

/** Every list answers in this shape. */
export interface Page<T> {
  items: T[]
  total: number
  page: number
  pageSize: number
}
