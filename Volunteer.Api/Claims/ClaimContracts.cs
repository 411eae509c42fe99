using Volunteer.Api.Http;
using Volunteer.Domain.Tasks;

namespace Volunteer.Api.Claims;

/// <summary>A claim and how far its service has come.</summary>
/// <param name="ClaimantName">认领人姓名或认领单位名称。</param>
/// <param name="ClaimantPhone">认领人手机号：本人与本社区工作人员可见完整号码，其他人看到脱敏号码（如 138****5678）。</param>
/// <param name="StatusReason">核验不通过或任务取消的原因。</param>
/// <param name="Hours">记录的服务时长（小时，两位小数）。</param>
/// <param name="PointsAwarded">核验通过后获得的积分。</param>
public sealed record ClaimResponse(
    Guid Id,
    Guid TaskId,
    string TaskTitle,
    Guid? MemberId,
    Guid? PartnerId,
    string ClaimantName,
    string? ClaimantPhone,
    ClaimStatus Status,
    string? StatusReason,
    DateTimeOffset ClaimedAt,
    DateTimeOffset? CheckedInAt,
    DateTimeOffset? CheckedOutAt,
    DateTimeOffset? ReviewedAt,
    decimal Hours,
    int PointsAwarded,
    RatingResponse? Rating);

/// <param name="Stars">1–5 星。</param>
public sealed record RatingResponse(int Stars, string? Comment, DateTimeOffset RatedAt);

/// <param name="Code">现场出示的 6 位签到码。</param>
public sealed record CheckInRequest(string? Code) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(Require.Present(Code, "code", "签到码"));
}

/// <param name="Stars">1–5 星。</param>
/// <param name="Comment">评价内容，最多 500 字。</param>
public sealed record RateServiceRequest(int? Stars, string? Comment) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(Require.Present(Stars, "stars", "评分"));
}

/// <param name="Approved">是否核验通过。</param>
/// <param name="Hours">核定服务时长（小时）；不填则按签到签退计算。志愿者未签退时必填。</param>
/// <param name="Reason">不通过的原因（不通过时必填）。</param>
public sealed record VerifyClaimRequest(bool? Approved, decimal? Hours, string? Reason) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate()
    {
        if (Approved is null)
            yield return new FieldError("approved", "approved（是否通过）为必填项。");
        if (Approved == false && string.IsNullOrWhiteSpace(Reason))
            yield return new FieldError("reason", "核验不通过时须填写原因。");
        if (Hours is <= 0)
            yield return new FieldError("hours", "核定的服务时长须大于 0。");
    }
}
