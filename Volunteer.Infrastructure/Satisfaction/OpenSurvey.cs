using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Satisfaction;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Satisfaction;

/// <summary>社区满意度调查: staff of a community (or the street admin for one of its communities) open a survey.</summary>
public sealed class OpenSurvey(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Survey> ExecuteAsync(Actor actor, Guid? communityId, string? title, string? description, DateTimeOffset opensAt,
        DateTimeOffset closesAt, CancellationToken ct)
    {
        actor.EnsureStaffOrAdmin();
        var target = communityId ?? actor.CommunityId ?? throw DomainException.Invalid("communityId", "请指定社区 communityId。");
        var community = await db.ManagedCommunityAsync(actor, target, ct);
        var survey = Survey.Open(community.StreetId, community.Id, title, description, opensAt, closesAt, actor.Id, clock.GetUtcNow());
        db.Surveys.Add(survey);
        await db.SaveChangesAsync(ct);
        return survey;
    }
}
