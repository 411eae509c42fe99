using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Http;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Trust;

/// <summary>
/// The tamper-evident ledger (防篡改台账): every entry is chained by SHA-256 per account, in commit
/// order, and the database refuses to rewrite history.
/// </summary>
public abstract class LedgerChainTests(ApiFactory api)
{
    [Fact]
    public async Task A_member_recomputes_their_whole_chain_from_the_ledger_api_alone()
    {
        var place = await api.NewCommunityAsync();
        var volunteer = await api.NewResidentAsync(place);
        for (var i = 0; i < 2; i++)
        {
            var task = await api.PublishTaskAsync(place, points: 15 + i);
            var claim = await api.ServeAsync(place, volunteer.Token, task);
            await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/claims/{claim.Id}/verify", new { approved = true })).ShouldBeAsync(HttpStatusCode.OK);
        }
        await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/members/{volunteer.Id}/points/adjustments",
            new { amount = -7, reason = "重复登记更正" })).ShouldBeAsync(HttpStatusCode.Created);

        // Read as raw JSON: the recomputation uses nothing of the production code, only the README's rule.
        var page = JsonDocument.Parse(await (await api.Client(volunteer.Token).GetAsync("/api/v1/me/points/ledger?pageSize=100")).Content.ReadAsStringAsync());
        var items = page.RootElement.GetProperty("items").EnumerateArray().Reverse().ToList();
        Assert.Equal(3, items.Count);

        var previous = new string('0', 64);
        var balance = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var e = items[i];
            Assert.Equal(i + 1, e.GetProperty("sequence").GetInt64());
            Assert.Equal(previous, e.GetProperty("previousHash").GetString());
            balance += e.GetProperty("amount").GetInt32();
            Assert.Equal(balance, e.GetProperty("balanceAfter").GetInt32());
            var actor = e.GetProperty("actorId").ValueKind == JsonValueKind.Null ? "" : e.GetProperty("actorId").GetString()!.ToLowerInvariant();
            var when = DateTimeOffset.Parse(e.GetProperty("createdAt").GetString()!, CultureInfo.InvariantCulture);
            var canonical = $"v1|{e.GetProperty("id").GetString()!.ToLowerInvariant()}|{e.GetProperty("memberId").GetString()!.ToLowerInvariant()}|" +
                $"{e.GetProperty("kind").GetString()}|{e.GetProperty("amount").GetInt32()}|{e.GetProperty("balanceAfter").GetInt32()}|" +
                $"{e.GetProperty("sourceId").GetString()!.ToLowerInvariant()}|{actor}|{when.ToUnixTimeMilliseconds()}|{previous}";
            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))).ToLowerInvariant();
            Assert.Equal(hash, e.GetProperty("hash").GetString());
            previous = hash;
        }
        Assert.Equal(15 + 16 - 7, balance);

        var mine = JsonDocument.Parse(await (await api.Client(volunteer.Token).GetAsync("/api/v1/me/points/verification")).Content.ReadAsStringAsync()).RootElement;
        Assert.True(mine.GetProperty("ok").GetBoolean());
        Assert.Equal(1, mine.GetProperty("accounts").GetInt32());
        Assert.Equal(3, mine.GetProperty("entries").GetInt64());
    }

    [Fact]
    public async Task The_database_refuses_to_update_or_delete_a_ledger_entry()
    {
        var place = await api.NewCommunityAsync();
        var member = await api.NewResidentAsync(place);
        await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/members/{member.Id}/points/adjustments",
            new { amount = 30, reason = "纸质台账补录" })).ShouldBeAsync(HttpStatusCode.Created);
        var id = await api.DbAsync(db => db.LedgerEntries.Where(e => e.MemberId == member.Id).Select(e => e.Id).SingleAsync());

        await Assert.ThrowsAnyAsync<Exception>(() => api.DbAsync(db =>
            db.Database.ExecuteSqlInterpolatedAsync($"""UPDATE "LedgerEntries" SET "Amount" = 3000 WHERE "Id" = {id}""")));
        await Assert.ThrowsAnyAsync<Exception>(() => api.DbAsync(db =>
            db.LedgerEntries.Where(e => e.Id == id).ExecuteUpdateAsync(s => s.SetProperty(e => e.Reason, "改写"))));
        await Assert.ThrowsAnyAsync<Exception>(() => api.DbAsync(db =>
            db.Database.ExecuteSqlInterpolatedAsync($"""DELETE FROM "LedgerEntries" WHERE "Id" = {id}""")));

        var stored = await api.DbAsync(db => db.LedgerEntries.AsNoTracking().SingleAsync(e => e.Id == id));
        Assert.Equal((30, "纸质台账补录"), (stored.Amount, stored.Reason));
    }

    [Fact]
    public async Task Entries_list_in_commit_order_even_when_a_later_entry_carries_an_earlier_time()
    {
        var place = await api.NewCommunityAsync();
        var member = await api.NewResidentAsync(place);
        var staff = api.Client(place.StaffToken);
        await (await staff.PostJsonAsync($"/api/v1/members/{member.Id}/points/adjustments", new { amount = 50, reason = "补录" }))
            .ShouldBeAsync(HttpStatusCode.Created);
        api.Clock.Advance(TimeSpan.FromMilliseconds(-8)); // a clock that steps back between two commits
        await (await staff.PostJsonAsync($"/api/v1/members/{member.Id}/points/adjustments", new { amount = -20, reason = "更正" }))
            .ShouldBeAsync(HttpStatusCode.Created);
        api.Clock.Advance(TimeSpan.FromMilliseconds(8));

        var page = await (await api.Client(member.Token).GetAsync("/api/v1/me/points/ledger")).ReadAsync<Paged<Volunteer.Api.Points.LedgerEntryResponse>>();
        Assert.Equal([(2L, 30), (1L, 50)], page.Items.Select(e => (e.Sequence, e.BalanceAfter)));
    }
}

public sealed class LedgerChainOnPostgres(PostgresApi api) : LedgerChainTests(api), IClassFixture<PostgresApi>;

public sealed class LedgerChainOnSqlite(SqliteApi api) : LedgerChainTests(api), IClassFixture<SqliteApi>;
