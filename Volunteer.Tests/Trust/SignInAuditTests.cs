using System.Net;
using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Audit;
using Volunteer.Api.Http;
using Volunteer.Domain.Audit;
using Volunteer.Tests.ConsoleUi;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Trust;

/// <summary>
/// Staff password sign-ins and lockouts are in the audit trail: the street's admins see which account opened the API
/// or the console and when, and when someone guessed at an account until it locked — never the password, never an address.
/// </summary>
public abstract class SignInAuditTests(ApiFactory api)
{
    private Task<List<AuditEntry>> EntriesOfAsync(Guid accountId) =>
        api.DbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.ActorId == accountId).OrderBy(a => a.At).ToListAsync());

    [Fact]
    public async Task A_sign_in_through_the_api_and_one_through_the_console_are_each_one_entry_that_the_streets_admin_sees()
    {
        var place = await api.NewCommunityAsync();
        await (await api.Client().PostJsonAsync("/api/v1/auth/password", new { username = place.Staff.Username, password = World.Password }))
            .ShouldBeAsync(HttpStatusCode.OK);
        await ConsoleSession.SignInAsync(api, place.Staff.Username);

        var entries = await EntriesOfAsync(place.Staff.Id);
        Assert.Equal([("signed in via api", AuditAction.AccountSignedIn), ("signed in via console", AuditAction.AccountSignedIn)],
            entries.Select(e => (e.Detail, e.Action)));
        Assert.All(entries, e => Assert.Equal((place.StreetId, (Guid?)null), (e.StreetId!.Value, e.MemberId)));
        Assert.DoesNotContain(entries, e => e.Detail!.Contains(World.Password));

        var admin = await api.NewAdminAsync(place.StreetId);
        var trail = await (await api.Client(admin.Token).GetAsync($"/api/v1/admin/audit?action=accountSignedIn&actorId={place.Staff.Id}"))
            .ReadAsync<Paged<AuditEntryResponse>>();
        Assert.Equal(2, trail.Total);
        var elsewhere = await api.NewAdminAsync((await api.NewCommunityAsync()).StreetId);
        var theirs = await (await api.Client(elsewhere.Token).GetAsync($"/api/v1/admin/audit?actorId={place.Staff.Id}")).ReadAsync<Paged<AuditEntryResponse>>();
        Assert.Equal(0, theirs.Total);
    }

    [Fact]
    public async Task Wrong_passwords_write_nothing_until_the_fifth_locks_the_account_which_writes_one_lockout_entry()
    {
        var place = await api.NewCommunityAsync();
        var client = api.Client();
        for (var i = 0; i < 4; i++)
            await (await client.PostJsonAsync("/api/v1/auth/password", new { username = place.Staff.Username, password = $"Wrong-pass-{i}" }))
                .ShouldBeAsync(HttpStatusCode.Unauthorized);
        Assert.Empty(await EntriesOfAsync(place.Staff.Id));

        await (await client.PostJsonAsync("/api/v1/auth/password", new { username = place.Staff.Username, password = "Wrong-pass-4" }))
            .ShouldBeAsync(HttpStatusCode.Unauthorized);
        // Locked: the right password is refused and writes nothing more.
        await (await client.PostJsonAsync("/api/v1/auth/password", new { username = place.Staff.Username, password = World.Password }))
            .ShouldBeAsync(HttpStatusCode.TooManyRequests);

        var entry = Assert.Single(await EntriesOfAsync(place.Staff.Id));
        Assert.Equal((AuditAction.AccountLockedOut, "locked for 15 minutes after 5 wrong passwords via api", place.StreetId),
            (entry.Action, entry.Detail, entry.StreetId!.Value));
    }

    [Fact]
    public async Task Seven_wrong_guesses_at_once_lock_the_account_once_and_write_one_lockout_entry()
    {
        var place = await api.NewCommunityAsync();

        var race = await api.AllAtOnceAsync(7, i => Racer.Post("anonymous", "/api/v1/auth/password",
            new { username = place.Staff.Username, password = $"Wrong-pass-{i}" }));

        Assert.All(race.Responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }));
        var entries = await EntriesOfAsync(place.Staff.Id);
        Assert.Equal([AuditAction.AccountLockedOut], entries.Select(e => e.Action));
        var account = await api.DbAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == place.Staff.Id));
        Assert.NotNull(account.LockedUntil);
    }
}

public sealed class SignInAuditOnPostgres(PostgresApi api) : SignInAuditTests(api), IClassFixture<PostgresApi>;

public sealed class SignInAuditOnSqlite(SqliteApi api) : SignInAuditTests(api), IClassFixture<SqliteApi>;
