/**
 * Readable Chinese messages for the API's stable problem codes. The server's own `detail` is
 * Chinese too and says more about the case at hand; these messages are what a resident sees when
 * the code is known, with the server's detail as the fallback.
 */
const messages: Record<string, string> = {
  'network': '网络连接失败，请检查网络后重试。',
  'timeout': '服务器响应超时，请稍后重试。',
  'validation': '填写的内容有误，请检查后再提交。',
  'body.invalidJson': '提交的内容格式不正确，请重试。',
  'auth.required': '登录已过期，请重新进入小程序。',
  'auth.forbidden': '您没有权限进行这个操作。',
  'auth.disabled': '账号已停用，请联系社区。',
  'route.notFound': '要找的内容不存在或已删除。',
  'rate.limited': '操作太频繁了，请稍等一会儿再试。',
  'concurrency': '数据刚刚被别人修改过，请刷新后重试。',
  'duplicate': '已经提交过了，不用重复提交。',
  'database.unavailable': '服务暂时不可用，请稍后再试。',
  'internal': '服务器开小差了，请稍后再试。',
  'task.full': '这个任务的名额已经满了，看看其他任务吧。',
  'task.ended': '这个任务已经结束了。',
  'task.cancelled': '这个任务已被社区取消。',
  'task.notFound': '这个任务不存在或已下线。',
  'task.partyMembersOnly': '这是党员先锋岗，只有经社区确认的党员可以认领。',
  'claim.duplicate': '您已经认领过这个任务了。',
  'claim.notFound': '没有找到这条认领记录。',
  'claim.notCancellable': '这条认领现在不能取消了。',
  'claim.notCheckInable': '现在不能签到：请确认认领有效、任务已开始。',
  'claim.tooEarly': '还没到签到时间，请在任务开始前后再签到。',
  'claim.tooLate': '任务已经结束，不能再签到了。',
  'checkIn.badCode': '签到码不正确或已过期，请重新扫描现场的二维码。',
  'claim.notCheckedIn': '请先签到，再签退。',
  'claim.notRateable': '服务完成后才能评价。',
  'claim.alreadyRated': '您已经评价过这次服务了。',
  'claim.closed': '这条认领已经结束了。',
  'claim.role': '当前账号不能认领任务。',
  'claim.partnerNotServing': '贵单位与该社区没有有效的共建协议。',
  'rating.notRequester': '只有服务对象本人可以评价。',
  'member.noCommunity': '请先在“我的”里选择所在社区。',
  'need.notPending': '这条需求已经处理过了。',
  'need.withdraw': '这条需求已经不能撤回了。',
  'points.insufficient': '积分不足，先去参加志愿服务攒积分吧。',
  'reward.outOfStock': '这个奖品已经兑完了。',
  'reward.limitReached': '这个奖品您已经兑换到上限了。',
  'reward.notAvailable': '这个奖品现在不能兑换。',
  'reward.ended': '这个奖品已经下架了。',
  'redemption.expired': '兑换码已过期，积分已退回。',
  'redemption.cancelled': '这笔兑换已经取消了。',
  'redemption.alreadyFulfilled': '兑换码已经核销过了。',
  'redemption.notFound': '没有找到这笔兑换。',
  'idempotency.keyRequired': '兑换请求缺少幂等键，请重试。',
  'idempotency.keyInvalid': '兑换请求的幂等键无效，请重试。',
  'idempotency.mismatch': '这次兑换与之前提交的内容不一致，请重新兑换。',
  'ranking.notReady': '这个月的排行榜还没有生成，每月 1 日发布上月排行。',
  'ranking.forbidden': '只能查看本街道的排行。',
  'ranking.scopeNotFound': '没有找到要查看的网格或社区，请先完善个人资料。',
  'board.forbidden': '只能查看本社区的积分公示。',
  'party.noCommunity': '请先选择所在社区，再申报党员身份。',
  'party.branch': '请填写所在党支部。',
  'party.workUnit': '在职党员请填写工作单位。',
  'role.residentOnly': '这个功能只对居民开放。',
  'content.rejected': '内容未通过安全检查，请修改后再提交。',
  'wechat.invalidCode': '微信登录失败，请重新进入小程序。',
  'wechat.unavailable': '微信服务暂时不可用，请稍后再试。',
  'wechat.riskyUser': '微信提示当前账号存在风险，暂时无法登录。',
  'wechat.notConfigured': '小程序登录暂不可用，请联系社区工作人员。',
}

const byStatus: Record<number, string> = {
  400: '填写的内容有误，请检查后再提交。',
  401: '登录已过期，请重新进入小程序。',
  403: '您没有权限进行这个操作。',
  404: '要找的内容不存在或已删除。',
  409: '操作没有成功，请刷新后再试。',
  413: '提交的内容太多了。',
  422: '请求无法处理，请检查后再试。',
  429: '操作太频繁了，请稍等一会儿再试。',
  503: '服务暂时不可用，请稍后再试。',
}

/** The message for a problem: by its code, else the server's Chinese detail, else by status. */
export function messageFor(code: string | undefined, detail?: string | null, status?: number): string {
  if (code && messages[code]) return messages[code]
  if (detail) return detail
  if (status && byStatus[status]) return byStatus[status]
  if (status && status >= 500) return messages.internal
  return '操作没有成功，请稍后再试。'
}
