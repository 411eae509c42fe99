using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Needs;
using Volunteer.Domain.Satisfaction;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Satisfaction;

/// <summary>Who may see a survey: residents and staff of its community, admins of its street; for anyone else it does not exist.</summary>
public static class SurveyAccess
{
    public static async Task<(Survey Survey, bool Manages)> LoadVisibleAsync(VolunteerDbContext db, Actor actor, Guid surveyId, CancellationToken ct)
    {
        var survey = await db.Surveys.SingleOrDefaultAsync(s => s.Id == surveyId, ct) ?? throw NotFound();
        var manages = actor.IsStaffOf(survey.CommunityId) || actor.IsAdminOf(survey.StreetId);
        if (!manages && !(actor.IsResident && await db.Members.AnyAsync(m => m.Id == actor.Id && m.CommunityId == survey.CommunityId, ct)))
            throw NotFound();
        return (survey, manages);
    }

    public static DomainException NotFound() => DomainException.NotFound("survey.notFound", "调查不存在。");

    public static DomainException NotManager() => DomainException.Forbidden("survey.forbidden", "只有本社区工作人员或本街道管理员可以管理该调查。");
}
