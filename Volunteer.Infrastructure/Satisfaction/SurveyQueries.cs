using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Satisfaction;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Recognition;

namespace Volunteer.Infrastructure.Satisfaction;

/// <summary>One comment of a survey, without the name of who wrote it.</summary>
public sealed record SurveyComment(SatisfactionLevel Level, string Comment, DateTimeOffset AnsweredAt);

/// <summary>
/// A survey's results: the three levels' counts and shares over the households that answered, and how
/// many households the community has (registered households plus residents in no household, each a household of one).
/// </summary>
public sealed record SurveyResults(Survey Survey, SatisfactionTally Tally, int AnsweredHouseholds, int Households, IReadOnlyList<SurveyComment> Comments)
{
    public decimal? ResponseRate => Figures.Percent(AnsweredHouseholds, Households);
}

/// <summary>A survey as a resident sees it: whether their household has answered, and their own answer.</summary>
public sealed record SurveyView(Survey Survey, bool HouseholdAnswered, SatisfactionLevel? MyLevel);

/// <summary>Reads of satisfaction surveys. Registered like the use cases.</summary>
public sealed class SurveyQueries(VolunteerDbContext db) : IUseCase
{
    /// <summary>Surveys in view: a resident's and staff's own community, an admin's street (platform admins: all).</summary>
    public async Task<IQueryable<Survey>> InViewAsync(Actor actor, CancellationToken ct)
    {
        var query = db.Surveys.AsNoTracking();
        if (actor.IsResident)
        {
            var home = await db.Members.Where(m => m.Id == actor.Id).Select(m => m.CommunityId).SingleOrDefaultAsync(ct);
            return query.Where(s => s.CommunityId == home);
        }
        if (actor.IsStaff)
            return query.Where(s => s.CommunityId == actor.CommunityId);
        if (actor.IsAdmin)
            return actor.IsPlatformAdmin ? query : query.Where(s => s.StreetId == actor.StreetId);
        return query.Where(_ => false);
    }

    public async Task<IReadOnlyList<SurveyView>> ViewsAsync(Actor actor, IReadOnlyList<Survey> surveys, CancellationToken ct)
    {
        if (!actor.IsResident || surveys.Count == 0)
            return surveys.Select(s => new SurveyView(s, false, null)).ToList();
        var key = await HouseholdSubjects.HouseholdOfAsync(db, actor.Id, ct) ?? actor.Id;
        var ids = surveys.Select(s => s.Id).ToList();
        var answers = await db.SurveyAnswers.AsNoTracking().Where(a => ids.Contains(a.SurveyId) && a.HouseholdKey == key)
            .Select(a => new { a.SurveyId, a.MemberId, a.Level }).ToListAsync(ct);
        return surveys.Select(s =>
        {
            var answer = answers.SingleOrDefault(a => a.SurveyId == s.Id);
            return new SurveyView(s, answer is not null, answer?.MemberId == actor.Id ? answer.Level : null);
        }).ToList();
    }

    public async Task<SurveyView> ViewAsync(Actor actor, Guid surveyId, CancellationToken ct)
    {
        var (survey, _) = await SurveyAccess.LoadVisibleAsync(db, actor, surveyId, ct);
        return (await ViewsAsync(actor, [survey], ct))[0];
    }

    /// <summary>Results for the community's staff and the street's admins (residents: 403).</summary>
    public async Task<SurveyResults> ResultsAsync(Actor actor, Guid surveyId, CancellationToken ct)
    {
        var (survey, manages) = await SurveyAccess.LoadVisibleAsync(db, actor, surveyId, ct);
        if (!manages)
            throw SurveyAccess.NotManager();
        var answers = await db.SurveyAnswers.AsNoTracking().Where(a => a.SurveyId == survey.Id)
            .Select(a => new { a.Level, a.Comment, a.AnsweredAt }).ToListAsync(ct);
        var households = await HouseholdSubjects.CountInCommunityAsync(db, survey.CommunityId, ct);
        var comments = answers.Where(a => a.Comment is not null).OrderByDescending(a => a.AnsweredAt)
            .Select(a => new SurveyComment(a.Level, a.Comment!, a.AnsweredAt)).ToList();
        return new SurveyResults(survey, SatisfactionTally.Of(answers.Select(a => a.Level)), answers.Count, households, comments);
    }
}
