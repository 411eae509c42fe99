using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Notifications;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Notifications;

/// <summary>
/// The mini-program reports the templates the user accepted in <c>wx.requestSubscribeMessage</c>;
/// each acceptance is one send credit for that template.
/// </summary>
public sealed class RecordSubscriptions(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public const int MaxTemplatesPerCall = 10;

    public async Task<IReadOnlyList<SubscribeCredit>> ExecuteAsync(Actor actor, IReadOnlyList<string>? templateIds, CancellationToken ct)
    {
        actor.EnsureResident();
        if (templateIds is null || templateIds.Count is 0 or > MaxTemplatesPerCall)
            throw DomainException.Invalid("templateIds", $"请提供 1 到 {MaxTemplatesPerCall} 个用户已同意的订阅消息模板 id。");
        var ids = templateIds.Select(t => t?.Trim() ?? "").ToList();
        if (ids.Any(t => t.Length is 0 or > SubscribeCredit.TemplateIdMaxLength))
            throw DomainException.Invalid("templateIds", $"模板 id 不能为空，且不超过 {SubscribeCredit.TemplateIdMaxLength} 个字符。");

        var now = clock.GetUtcNow();
        // Each id in the list is one acceptance, even when the same template appears twice.
        foreach (var id in ids)
            await AddOneAsync(actor.Id, id, now, ct);
        var distinct = ids.Distinct().ToList();
        return await db.SubscribeCredits.AsNoTracking()
            .Where(c => c.MemberId == actor.Id && distinct.Contains(c.TemplateId))
            .OrderBy(c => c.TemplateId)
            .ToListAsync(ct);
    }

    /// <summary>Adds one credit with an atomic increment; the first for a template inserts the row (a racing insert retries the increment).</summary>
    private async Task AddOneAsync(Guid memberId, string templateId, DateTimeOffset now, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var updated = await db.SubscribeCredits.Where(c => c.MemberId == memberId && c.TemplateId == templateId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Count, c => c.Count + 1).SetProperty(c => c.UpdatedAt, now), ct);
            if (updated > 0)
                return;
            db.SubscribeCredits.Add(SubscribeCredit.First(memberId, templateId, now));
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
            {
                db.ChangeTracker.Clear();
            }
        }
        throw DomainException.Conflict("subscription.busy", "操作过于频繁，请稍后再试。");
    }
}
