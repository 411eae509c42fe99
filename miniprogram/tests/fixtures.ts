export function task(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id, communityId: 'c1', gridId: null, needId: null, title: `任务${id}`, description: '清理绿化带', category: 'environment',
    address: '东门大街 1 号', addressHidden: false, slots: 5, taken: 1, remaining: 4, points: 10,
    startsAt: '2026-11-28T01:00:00Z', endsAt: '2026-11-28T03:00:00Z', partyMembersOnly: false, status: 'published',
    cancelReason: null, createdAt: '2026-11-27T00:00:00Z', myClaim: null, ...overrides,
  }
}

export function claim(id: string, taskId: string, status = 'accepted', overrides: Record<string, unknown> = {}) {
  return {
    id, taskId, taskTitle: `任务${taskId}`, memberId: 'm1', partnerId: null, claimantName: '李明', claimantPhone: null, status,
    statusReason: null, claimedAt: '2026-11-28T00:00:00Z', checkedInAt: null, checkedOutAt: null, reviewedAt: null, hours: 0,
    pointsAwarded: 0, rating: null, ...overrides,
  }
}

export function reward(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id, title: '环保购物袋', description: null, pointsCost: 20, stock: 10, perMemberLimit: 2, validFrom: '2026-11-01T00:00:00Z',
    validUntil: '2026-12-31T00:00:00Z', status: 'active', redeemableNow: true, communityIds: ['c1'],
    partner: { id: 'p1', name: '丹阳农商银行云阳支行', kind: 'unit', address: null, contact: null, badges: [{ badge: 'partyMemberModelShop', label: '党员示范店' }] },
    myRemaining: 2, createdAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z', ...overrides,
  }
}

export function redemption(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id, code: 'K7P3M9Q2XA', codeHint: '…Q2XA', status: 'pending', expiresAt: '2099-12-01T00:00:00Z', rewardId: 'r1',
    rewardTitle: '环保购物袋', partnerId: 'p1', partnerName: '丹阳农商银行云阳支行', pointsCost: 20, note: null, memberName: '李明',
    createdAt: '2026-11-28T00:00:00Z', fulfilledAt: null, closedAt: null, ...overrides,
  }
}
