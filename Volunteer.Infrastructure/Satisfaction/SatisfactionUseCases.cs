using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Needs;
using Volunteer.Domain.Satisfaction;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Needs;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Recognition;
using Volunteer.Infrastructure.WeChat;

namespace Volunteer.Infrastructure.Satisfaction;

/// <summary>
/// 满意度评价: the resident who raised a need rates it once its service is done (a claim on its task was
/// checked out or verified); staff record it for a resident without a smartphone whose need they posted
/// (代下单). The need's version check makes a second, concurrent rating a 409.
/// </summary>
public sealed class RateNeedSatisfaction(VolunteerDbContext db, TimeProvider clock, ContentCheck content) : IUseCase
{
    public async Task<Need> ExecuteAsync(Actor actor, Guid needId, SatisfactionLevel level, string? comment, CancellationToken ct)
    {
        var (need, manages) = await NeedAccess.LoadVisibleAsync(db, actor, needId, ct);
        var isRequester = actor.IsResident && need.RequesterId == actor.Id;
        if (!isRequester && !(manages && actor.IsStaff))
            throw SatisfactionErrors.RequesterOnly();
        var done = need.TaskId is { } taskId && await db.Claims.AnyAsync(c => c.TaskId == taskId
            && (c.Status == ClaimStatus.CheckedOut || c.Status == ClaimStatus.Verified), ct);
        // The comment is seen only by the requester and the community's staff, so a "review" verdict needs no hold.
        await content.CheckAsync(actor, ContentScene.Comment, ct, comment);
        need.RateSatisfaction(level, comment, done, actor.Id, !isRequester, clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw SatisfactionErrors.AlreadyRated();
        }
        return need;
    }
}

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
