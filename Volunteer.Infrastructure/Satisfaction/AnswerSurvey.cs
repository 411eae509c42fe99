using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Satisfaction;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Recognition;
using Volunteer.Infrastructure.WeChat;

namespace Volunteer.Infrastructure.Satisfaction;

/// <summary>
/// A resident answers a survey for their household: one answer per household, kept by the unique
/// (survey, household) index however many members answer at once. A resident registered in no
/// household answers as a household of one.
/// </summary>
public sealed class AnswerSurvey(VolunteerDbContext db, TimeProvider clock, ContentCheck content) : IUseCase
{
    public async Task<SurveyAnswer> ExecuteAsync(Actor actor, Guid surveyId, SatisfactionLevel level, string? comment, CancellationToken ct)
    {
        var (survey, _) = await SurveyAccess.LoadVisibleAsync(db, actor, surveyId, ct);
        actor.EnsureResident();
        var home = await db.Members.AsNoTracking().Where(m => m.Id == actor.Id).Select(m => m.CommunityId).SingleAsync(ct);
        var household = await HouseholdSubjects.HouseholdOfAsync(db, actor.Id, ct);
        await content.CheckAsync(actor, ContentScene.Comment, ct, comment);
        var answer = survey.Answer(actor.Id, home, household, level, comment, clock.GetUtcNow());
        db.SurveyAnswers.Add(answer);
        await Unique.SaveAsync(db, "survey.alreadyAnswered", household is null ? "您已参与过该调查。" : "您家已有成员参与过该调查，每户只能回答一次。", ct);
        return answer;
    }
}
