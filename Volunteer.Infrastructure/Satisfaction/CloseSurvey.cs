using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Satisfaction;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Satisfaction;

/// <summary>截止: staff end a survey early.</summary>
public sealed class CloseSurvey(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Survey> ExecuteAsync(Actor actor, Guid surveyId, CancellationToken ct)
    {
        var (survey, manages) = await SurveyAccess.LoadVisibleAsync(db, actor, surveyId, ct);
        if (!manages)
            throw SurveyAccess.NotManager();
        survey.Close(clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("survey.concurrent", "该调查刚刚已被他人修改，请刷新后重试。");
        }
        return survey;
    }
}
