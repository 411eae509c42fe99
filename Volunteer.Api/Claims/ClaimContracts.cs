using Volunteer.Api.Http;
using Volunteer.Domain.Tasks;

namespace Volunteer.Api.Claims;

/// <summary>A claim and how far its service has come.</summary>
/// <param name="ClaimantName">认领人姓名或认领单位名称。</param>
/// <param name="ClaimantPhone">认领人手机号：本人与本社区工作人员可见完整号码，其他人看到脱敏号码（如 138****5678）。</param>
/// <param name="StatusReason">核验不通过或任务取消的原因。</param>
/// <param name="Hours">记录的服务时长（小时，两位小数）。</param>
/// <param name="PointsAwarded">核验通过后获得的积分。</param>
/// <param name="CheckInMethod">签到方式：code 签到码、position 定位签到、staffConfirmed 工作人员补录确认（未签到）。</param>
/// <param name="CheckInDistanceMeters">定位签到时与服务地点的距离（米）。</param>
/// <param name="StaffConfirmationReason">工作人员补录确认的原因。</param>
/// <param name="ReceiptConfirmedAt">服务对象（或工作人员代为）确认收到服务的时间；微心愿即心愿人确认已实现。</param>
/// <param name="Photos">服务照片（按上传顺序），地址需携带登录令牌获取。</param>
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
    RatingResponse? Rating,
    CheckInMethod? CheckInMethod,
    int? CheckInDistanceMeters,
    string? StaffConfirmationReason,
    DateTimeOffset? ReceiptConfirmedAt,
    IReadOnlyList<PhotoResponse> Photos);

/// <summary>A service photo: EXIF removed, longest side at most 1600 px.</summary>
/// <param name="Url">获取照片的地址（需登录，仅能查看该认领的人可获取）。</param>
/// <param name="UploadedByStaff">是否由社区工作人员上传。</param>
public sealed record PhotoResponse(Guid Id, string Url, string ContentType, int Width, int Height, bool UploadedByStaff, DateTimeOffset CreatedAt)
{
    public static string UrlOf(Guid id) => $"/api/v1/photos/{id}";
}

/// <param name="Stars">1–5 星。</param>
public sealed record RatingResponse(int Stars, string? Comment, DateTimeOffset RatedAt);

/// <summary>签到：提交签到码，或（任务设置了服务地点坐标时）提交当前位置。</summary>
/// <param name="Code">工作人员或服务对象出示的 6 位签到码。</param>
/// <param name="Latitude">当前位置纬度（WGS-84），与 longitude 同时提交即为定位签到。</param>
/// <param name="Longitude">当前位置经度（WGS-84）。</param>
public sealed record CheckInRequest(string? Code, double? Latitude, double? Longitude) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate()
    {
        if (string.IsNullOrWhiteSpace(Code) && Latitude is null && Longitude is null)
            yield return new FieldError("code", "请输入签到码，或提交当前位置（latitude、longitude）。");
        else if (string.IsNullOrWhiteSpace(Code) && (Latitude is null || Longitude is null))
            yield return new FieldError(Latitude is null ? "latitude" : "longitude", "纬度与经度须同时提交。");
    }
}

/// <summary>补录确认：为没有智能手机的服务对象确认服务已完成。</summary>
/// <param name="Hours">核定服务时长（小时），大于 0 且不超过任务时长。</param>
/// <param name="Reason">补录原因（如“电话回访王奶奶确认已陪同就医”），最多 200 字，记录在认领上。</param>
public sealed record ConfirmServiceRequest(decimal? Hours, string? Reason) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate()
    {
        foreach (var error in Require.All(Require.Present(Hours, "hours", "核定服务时长"), Require.Present(Reason, "reason", "补录原因")))
            yield return error;
        if (Hours is <= 0)
            yield return new FieldError("hours", "核定的服务时长须大于 0。");
    }
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
