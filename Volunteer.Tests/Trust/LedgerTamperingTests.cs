using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Volunteer.Api.Http;
using Volunteer.Api.Points;
using Volunteer.Api.Rankings;
using Volunteer.Domain.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Trust;

/// <summary>
/// Someone with database access drops the guards and rewrites history: the verification finds it.
/// A class of its own, on a database of its own, since it leaves that database tampered with.
/// </summary>
public abstract class LedgerTamperingTests(ApiFactory api)
{
    private Task DropGuardsAsync() => api.DbAsync(db => db.Database.IsNpgsql()
        ? db.Database.ExecuteSqlRawAsync("""DROP TRIGGER IF EXISTS "TR_LedgerEntries_AppendOnly" ON "LedgerEntries" """)
        : db.Database.ExecuteSqlRawAsync("""DROP TRIGGER IF EXISTS "TR_LedgerEntries_NoUpdate"; DROP TRIGGER IF EXISTS "TR_LedgerEntries_NoDelete";"""));

    private async Task<(Place Place, Person Member, List<Guid> Entries)> MemberWithEntriesAsync(params int[] amounts)
    {
        var place = await api.NewCommunityAsync();
        var member = await api.NewResidentAsync(place);
        foreach (var amount in amounts)
            await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/members/{member.Id}/points/adjustments",
                new { amount, reason = "补录" })).ShouldBeAsync(HttpStatusCode.Created);
        var ids = await api.DbAsync(db => db.LedgerEntries.Where(e => e.MemberId == member.Id).OrderBy(e => e.Sequence).Select(e => e.Id).ToListAsync());
        return (place, member, ids);
    }

    [Fact]
    public async Task An_amount_edited_directly_in_the_database_is_found_by_every_verification()
    {
        var (place, member, entries) = await MemberWithEntriesAsync(40, 10);
        var streetAdmin = await api.NewAdminAsync(place.StreetId);
        var before = await (await api.Client(streetAdmin.Token).GetAsync("/api/v1/admin/ledger/verification")).ReadAsync<LedgerVerificationResponse>();
        Assert.True(before.Ok);
        Assert.Equal((1, 2L), (before.Accounts, before.Entries));

        await DropGuardsAsync();
        await api.DbAsync(db => db.Database.ExecuteSqlInterpolatedAsync($"""UPDATE "LedgerEntries" SET "Amount" = 400 WHERE "Id" = {entries[0]}"""));

        var byAdmin = await (await api.Client(streetAdmin.Token).GetAsync("/api/v1/admin/ledger/verification")).ReadAsync<LedgerVerificationResponse>();
        Assert.False(byAdmin.Ok);
        Assert.Contains(byAdmin.Problems, p => p.MemberId == member.Id && p.EntryId == entries[0] && p.What.Contains("hash"));
        Assert.Contains(byAdmin.Problems, p => p.MemberId == member.Id && p.EntryId is null && p.What.Contains("余额"));
        Assert.All(byAdmin.Problems, p => Assert.Equal(member.Id, p.MemberId));

        var byMember = await (await api.Client(member.Token).GetAsync("/api/v1/me/points/verification")).ReadAsync<LedgerVerificationResponse>();
        Assert.False(byMember.Ok);
        Assert.Contains(byMember.Problems, p => p.EntryId == entries[0]);

        var platform = await api.NewAdminAsync(null);
        var all = await (await api.Client(platform.Token).GetAsync("/api/v1/admin/ledger/verification")).ReadAsync<LedgerVerificationResponse>();
        Assert.Contains(all.Problems, p => p.EntryId == entries[0]);

        // Another street's admin does not see this street's accounts at all.
        var elsewhere = await api.NewAdminAsync((await api.NewCommunityAsync()).StreetId);
        var theirs = await (await api.Client(elsewhere.Token).GetAsync("/api/v1/admin/ledger/verification")).ReadAsync<LedgerVerificationResponse>();
        Assert.DoesNotContain(theirs.Problems, p => p.MemberId == member.Id);
    }

    [Fact]
    public async Task Removing_a_closed_months_last_entry_and_fixing_every_sum_is_still_caught_by_the_kept_ledger_root()
    {
        var (place, member, entries) = await MemberWithEntriesAsync(40, 10);
        var month = Period.Of(api.Clock.GetUtcNow());
        api.Clock.Set(month.EndsAt.AddHours(2));
        var platform = await api.NewAdminAsync(null);
        await (await api.Client(platform.Token).PostJsonAsync("/api/v1/admin/jobs/ledger-root/runs", new { period = month.ToString() }))
            .ShouldBeAsync(HttpStatusCode.OK);

        var roots = await (await api.Client(platform.Token).GetAsync("/api/v1/admin/ledger/roots")).ReadAsync<Paged<LedgerRootResponse>>();
        var root = Assert.Single(roots.Items, r => r.Period == month.ToString());
        Assert.Matches("^[0-9a-f]{64}$", root.Root);
        var board = await (await api.Client(api.TokenFor(place.Staff)).GetAsync($"/api/v1/communities/{place.CommunityId}/board?period={month}"))
            .ReadAsync<BoardResponse>();
        Assert.Equal(root.Root, board.LedgerRoot);
        var clean = await (await api.Client(platform.Token).GetAsync("/api/v1/admin/ledger/verification")).ReadAsync<LedgerVerificationResponse>();
        Assert.DoesNotContain(clean.Problems, p => p.What.Contains("台账根"));

        // Rewrite the closed month consistently: the last entry goes, and the balance and the month's total follow.
        await DropGuardsAsync();
        await api.DbAsync(async db =>
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"""DELETE FROM "LedgerEntries" WHERE "Id" = {entries[1]}""");
            await db.PointsAccounts.Where(a => a.MemberId == member.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Balance, 40));
            await db.MonthlyTotals.Where(t => t.MemberId == member.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.Points, 40));
        });

        var streetAdmin = await api.NewAdminAsync(place.StreetId);
        var street = await (await api.Client(streetAdmin.Token).GetAsync("/api/v1/admin/ledger/verification")).ReadAsync<LedgerVerificationResponse>();
        Assert.DoesNotContain(street.Problems, p => p.MemberId == member.Id); // the chain alone still looks whole
        var after = await (await api.Client(platform.Token).GetAsync("/api/v1/admin/ledger/verification")).ReadAsync<LedgerVerificationResponse>();
        Assert.False(after.Ok);
        Assert.Contains(after.Problems, p => p.What.Contains(month.ToString()) && p.What.Contains("台账根"));
    }

    private async Task<Volunteer.Domain.Points.LedgerVerificationRun> NightlyAsync()
    {
        await using var scope = api.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Volunteer.Infrastructure.Points.RunLedgerVerification>().ExecuteAsync(CancellationToken.None);
    }

    [Fact]
    public async Task The_nightly_verification_keeps_one_result_per_night_however_often_it_runs()
    {
        await MemberWithEntriesAsync(5);
        var platform = await api.NewAdminAsync(null);
        var first = await NightlyAsync();
        var again = await NightlyAsync();
        Assert.Equal(first.Id, again.Id);

        var history = await (await api.Client(platform.Token).GetAsync("/api/v1/admin/ledger/verifications"))
            .ReadAsync<Paged<LedgerVerificationRunResponse>>();
        // One row for the night (PostgreSQL keeps microseconds, so compare the day, not the instant).
        var day = $"{first.Day / 10000:D4}-{first.Day / 100 % 100:D2}-{first.Day % 100:D2}";
        var night = Assert.Single(history.Items, r => r.Day == day);
        Assert.True(Math.Abs((night.StartedAt - first.StartedAt).TotalMilliseconds) < 1);
        Assert.True(night.Accounts >= 1);
        Assert.Equal(first.Ok, night.Ok);
        var streetAdmin = await api.NewAdminAsync((await api.NewCommunityAsync()).StreetId);
        await (await api.Client(streetAdmin.Token).GetAsync("/api/v1/admin/ledger/verifications")).ShouldBeAsync(HttpStatusCode.Forbidden);
    }
}

public sealed class LedgerTamperingOnPostgres(PostgresApi api) : LedgerTamperingTests(api), IClassFixture<PostgresApi>;

public sealed class LedgerTamperingOnSqlite(SqliteApi api) : LedgerTamperingTests(api), IClassFixture<SqliteApi>;
