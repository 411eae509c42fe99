/**
 * Typed by hand: the notification routes are built on another branch (issue 10: GET
 * /api/v1/me/notifications, POST /api/v1/me/notifications/{id}/read, POST …/read-all,
 * POST /api/v1/me/subscriptions, POST /api/v1/me/phone). Once they are in the served document,
 * `npm run gen:api` generates their types into schema.d.ts and these can be replaced by aliases.
 */
export type NotificationKind =
  | 'needSubmitted' | 'needApproved' | 'needRejected' | 'claimAccepted' | 'taskCancelled' | 'taskReminder'
  | 'claimVerified' | 'claimRejected' | 'partyMembershipConfirmed' | 'redemptionExpiring' | 'redemptionRefunded'
  | 'honourGranted'

export interface Notification {
  id: string
  kind: NotificationKind
  title: string
  body: string
  /** A mini-program page to open, such as /pages/claims/index. */
  link: string | null
  createdAt: string
  readAt: string | null
}

export interface SubscriptionsRequest {
  templateIds: string[]
}

export interface PhoneRequest {
  code: string
}
