using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Domain.Jobs;
using Volunteer.Domain.Rankings;
using Volunteer.Infrastructure.Rankings;

namespace Volunteer.Api.Rankings;

/// <param name="Rank">名次：并列者名次相同，其后名次顺延（1、1、3）。</param>
/// <param name="MemberId">居民 id：仅对管理该网格/社区/街道的工作人员返回。</param>
/// <param name="Name">姓名：本社区工作人员和本街道管理员可见全名，其他人看到脱敏姓名（如 张*明），本人除外。</param>
/// <param name="Value">积分（metric=points），或服务时长（小时，metric=hours）。</param>
/// <param name="IsMe">是否为当前登录的居民本人。</param>
public sealed record RankingRowResponse(int Rank, Guid? MemberId, string Name, decimal Value, bool IsMe);

/// <summary>A page of one ranking.</summary>
/// <param name="Period">月份，yyyy-MM。</param>
/// <param name="Scope">grid 网格、community 社区、street 街道。</param>
/// <param name="List">party 党员榜、residents 居民榜、everyone 总榜。</param>
/// <param name="Metric">points 积分、hours 服务时长。</param>
/// <param name="Live">true 为本月实时排行（随服务核验变化）；false 为月度快照（生成后不再变化）。</param>
/// <param name="ComputedAt">快照生成时间，或实时排行的计算时间。</param>
/// <param name="Me">本人在该榜的名次和数值（仅实时排行、且本人为居民并在该榜有记录时返回；名次可在前 100 名之外）。</param>
public sealed record RankingResponse(string Period, RankingScope Scope, Guid ScopeId, string ScopeName, RankingList List,
    RankingMetric Metric, bool Live, DateTimeOffset ComputedAt, Paged<RankingRowResponse> Rows, RankingRowResponse? Me = null);

/// <param name="Name">脱敏姓名（如 张*明）；本人显示全名。</param>
/// <param name="Points">本月在本社区获得的积分（含工作人员更正）。</param>
/// <param name="Hours">本月在本社区核验的服务时长（小时）。</param>
/// <param name="IsMe">是否为当前登录的居民本人。</param>
public sealed record BoardRowResponse(string Name, int Points, decimal Hours, bool IsMe);

/// <summary>积分公示: what each member earned in the community in a month.</summary>
/// <param name="Final">该月已结束（次月 1 日 01:00 后），数据不再变化；false 为仍在变化的实时数据。</param>
/// <param name="LedgerRoot">该月的月度台账根（全平台各积分账户月末哈希链头的 SHA-256），月份结束后生成并永久保存；
/// 尚未生成时为 null。计算方法见 README「防篡改台账」。</param>
public sealed record BoardResponse(string Period, Guid CommunityId, string CommunityName, bool Final, string? LedgerRoot,
    Paged<BoardRowResponse> Rows);
