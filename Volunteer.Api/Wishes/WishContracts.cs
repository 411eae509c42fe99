using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Tasks;
using Volunteer.Infrastructure.Wishes;

namespace Volunteer.Api.Wishes;

/// <summary>A 微心愿 on the wall.</summary>
/// <param name="Id">心愿 id（即心愿任务的 id；认领、核验等沿用任务与认领接口）。</param>
/// <param name="State">open 待认领、adopted 已认领（含已送达待确认）、fulfilled 已实现。</param>
/// <param name="WisherName">心愿人姓名（脱敏，如 张*明；本人与本社区工作人员可见全名）；社区直接发布的心愿为 null。</param>
/// <param name="AdopterName">认领人姓名（脱敏）或认领单位名称。</param>
/// <param name="ClaimId">认领记录 id（认领后）；上传照片、核验用 /api/v1/claims/{claimId}/…。</param>
/// <param name="DeliveredAt">认领人标记心愿完成的时间。</param>
/// <param name="ConfirmedAt">心愿人（或工作人员）确认心愿已实现的时间。</param>
/// <param name="Verified">工作人员已核验，积分已记录。</param>
/// <param name="Points">核验后认领人获得的积分。</param>
/// <param name="Hidden">已被工作人员从心愿墙隐藏（仅工作人员看得到此类心愿）。</param>
public sealed record WishResponse(
    Guid Id,
    Guid CommunityId,
    string Title,
    string? Description,
    WishState State,
    string? WisherName,
    string? AdopterName,
    bool AdoptedByPartner,
    Guid? ClaimId,
    DateTimeOffset? AdoptedAt,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? ConfirmedAt,
    bool Verified,
    int Points,
    DateTimeOffset EndsAt,
    bool Hidden,
    DateTimeOffset CreatedAt);
