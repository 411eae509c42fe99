using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Http;
using Volunteer.Api.Notifications;
using Volunteer.Api.Recognition;
using Volunteer.Domain.Common;
using Volunteer.Domain.Notifications;
using Volunteer.Domain.Points;
using Volunteer.Domain.Recognition;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Governance;

/// <summary>Configurable honours: titles the street defines, nominations by staff, approval by the street, bonus once.</summary>
public abstract class HonorTitleTests(ApiFactory api)
{
    private string ThisYear => Period.Of(api.Clock.GetUtcNow()).Year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task An_approved_yearly_honour_is_published_with_its_bonus_granted_once_and_held_once_a_year()
    {
        var place = await api.NewCommunityAsync();
        var admin = await api.NewAdminAsync(place.StreetId);
        var hero = await api.NewResidentAsync(place, name: "张雄关");
        var neighbour = await api.NewResidentAsync(place);
        var title = await DefineAsync(admin, "雄关好人", "person", "yearly", 100);
        Assert.Equal((HonorSubject.Person, HonorCadence.Yearly, 100, true), (title.Subject, title.Cadence, title.BonusPoints, title.IsActive));

        var nomination = await NominateAsync(place, title.Id, hero.Id, ThisYear, "连续三年义务照顾独居老人");
        Assert.Equal((NominationStatus.Pending, ThisYear, "张雄关", 0), (nomination.Status, nomination.Period, nomination.SubjectName, nomination.BonusPoints));
        // Not on the roll before the street approves it.
        Assert.Empty((await AwardsAsync(neighbour.Token)).Items);

        var approved = await (await api.Client(admin.Token).PostJsonAsync($"/api/v1/honor-nominations/{nomination.Id}/approve"))
            .ReadAsync<NominationResponse>();
        Assert.Equal((NominationStatus.Approved, 100, (Guid?)hero.Id), (approved.Status, approved.BonusPoints, approved.BonusMemberId));

        // The bonus is one ledger entry whose source is the nomination, and the chain stays valid.
        var bonus = Assert.Single(await BonusEntriesAsync(hero));
        Assert.Equal((100, nomination.Id), (bonus.Amount, bonus.SourceId));
        Assert.StartsWith($"表彰奖励：{ThisYear}年度 测试社区", bonus.Reason);
        Assert.EndsWith(" 雄关好人", bonus.Reason);
        Assert.Equal(100, await BalanceAsync(hero));
        var check = JsonDocument.Parse(await (await api.Client(hero.Token).GetAsync("/api/v1/me/points/verification")).Content.ReadAsStringAsync()).RootElement;
        Assert.True(check.GetProperty("ok").GetBoolean());

        // Published on the roll: the neighbour sees a masked name, the hero their own.
        var seen = Assert.Single((await AwardsAsync(neighbour.Token)).Items);
        Assert.Equal(("雄关好人", "张*关", false, ThisYear, 100), (seen.TitleName, seen.SubjectName, seen.IsMine, seen.Period, seen.BonusPoints));
        var mine = Assert.Single((await AwardsAsync(hero.Token)).Items);
        Assert.Equal(("张雄关", true), (mine.SubjectName, mine.IsMine));
        Assert.Single((await AwardsAsync(hero.Token, $"?period={ThisYear}")).Items);
        Assert.Empty((await AwardsAsync(hero.Token, "?period=2001")).Items);

        // The hero hears of it once, in the inbox.
        var inbox = await (await api.Client(hero.Token).GetAsync("/api/v1/me/notifications")).ReadAsync<Paged<NotificationResponse>>();
        var message = Assert.Single(inbox.Items, n => n.Kind == NotificationKind.HonourGranted);
        Assert.Contains($"{ThisYear}年度雄关好人", message.Body);
        Assert.Contains("100 积分", message.Body);

        // A yearly title is held once a year: nominating the hero again for this year is refused; approving again too.
        var again = await api.Client(place.StaffToken).PostJsonAsync("/api/v1/honor-nominations",
            new { titleId = title.Id, memberId = hero.Id, period = ThisYear, reason = "再次推荐" });
        Assert.Equal("nomination.duplicate", (await again.ProblemAsync(HttpStatusCode.Conflict)).Code);
        var twice = await api.Client(admin.Token).PostJsonAsync($"/api/v1/honor-nominations/{nomination.Id}/approve");
        Assert.Equal("nomination.decided", (await twice.ProblemAsync(HttpStatusCode.Conflict)).Code);
        Assert.Single(await BonusEntriesAsync(hero));
        Assert.Equal(100, await BalanceAsync(hero));

        // Last year is another period.
        var lastYear = (int.Parse(ThisYear, System.Globalization.CultureInfo.InvariantCulture) - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(lastYear, (await NominateAsync(place, title.Id, hero.Id, lastYear, "去年的事迹")).Period);
    }

    [Fact]
    public async Task A_rejected_nomination_carries_its_reason_and_the_subject_can_be_nominated_again()
    {
        var place = await api.NewCommunityAsync();
        var admin = await api.NewAdminAsync(place.StreetId);
        var member = await api.NewResidentAsync(place);
        var title = await DefineAsync(admin, "道德模范", "person", "oneOff", 0);
        var first = await NominateAsync(place, title.Id, member.Id, null, "拾金不昧");

        var noReason = await api.Client(admin.Token).PostJsonAsync($"/api/v1/honor-nominations/{first.Id}/reject", new { });
        await noReason.ProblemAsync(HttpStatusCode.BadRequest);
        var rejected = await (await api.Client(admin.Token).PostJsonAsync($"/api/v1/honor-nominations/{first.Id}/reject", new { reason = "事迹材料不全" }))
            .ReadAsync<NominationResponse>();
        Assert.Equal((NominationStatus.Rejected, "事迹材料不全"), (rejected.Status, rejected.RejectionReason));
        var seenByStaff = await (await api.Client(place.StaffToken).GetAsync($"/api/v1/honor-nominations/{first.Id}")).ReadAsync<NominationResponse>();
        Assert.Equal("事迹材料不全", seenByStaff.RejectionReason);

        var second = await NominateAsync(place, title.Id, member.Id, null, "补充了事迹材料");
        var approved = await (await api.Client(admin.Token).PostJsonAsync($"/api/v1/honor-nominations/{second.Id}/approve")).ReadAsync<NominationResponse>();
        Assert.Equal((NominationStatus.Approved, (string?)null, 0), (approved.Status, approved.Period, approved.BonusPoints));
        Assert.Empty(await BonusEntriesAsync(member));
        // A one-off title is held once, ever.
        var third = await api.Client(place.StaffToken).PostJsonAsync("/api/v1/honor-nominations", new { titleId = title.Id, memberId = member.Id, reason = "又一次" });
        Assert.Equal("nomination.duplicate", (await third.ProblemAsync(HttpStatusCode.Conflict)).Code);

        // The admin's list: decided ones of the street.
        var list = await (await api.Client(admin.Token).GetAsync($"/api/v1/honor-nominations?titleId={title.Id}")).ReadAsync<Paged<NominationResponse>>();
        Assert.Equal([NominationStatus.Approved, NominationStatus.Rejected], list.Items.Select(n => n.Status).Order().ToList());
    }

    [Fact]
    public async Task Titles_are_refused_bad_input_and_retired_titles_take_no_nominations()
    {
        var place = await api.NewCommunityAsync();
        var admin = await api.NewAdminAsync(place.StreetId);
        var member = await api.NewResidentAsync(place);
        var client = api.Client(admin.Token);

        (await (await client.PostJsonAsync("/api/v1/honor-titles", new { name = "志愿之星", subject = "person", cadence = "yearly", bonusPoints = 1001 }))
            .ProblemAsync(HttpStatusCode.BadRequest)).Errors!.ContainsKey("bonusPoints");
        await (await client.PostJsonAsync("/api/v1/honor-titles", new { name = "志愿之星", cadence = "yearly" })).ProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PostJsonAsync("/api/v1/honor-titles", new { name = "月度服务之星", subject = "person", cadence = "monthly" }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        var title = await DefineAsync(admin, "志愿之星", "person", "monthly", 10);
        var duplicate = await client.PostJsonAsync("/api/v1/honor-titles", new { name = "志愿之星", subject = "person", cadence = "yearly" });
        Assert.Equal("honorTitle.duplicate", (await duplicate.ProblemAsync(HttpStatusCode.Conflict)).Code);

        // Bad periods for a monthly title; a future month.
        var staff = api.Client(place.StaffToken);
        await (await staff.PostJsonAsync("/api/v1/honor-nominations", new { titleId = title.Id, memberId = member.Id, period = "2026", reason = "好" }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        var next = Period.Of(api.Clock.GetUtcNow()).Next().ToString();
        await (await staff.PostJsonAsync("/api/v1/honor-nominations", new { titleId = title.Id, memberId = member.Id, period = next, reason = "好" }))
            .ProblemAsync(HttpStatusCode.BadRequest);

        var retired = await (await client.PostJsonAsync($"/api/v1/honor-titles/{title.Id}/retire")).ReadAsync<HonorTitleResponse>();
        Assert.False(retired.IsActive);
        var refused = await staff.PostJsonAsync("/api/v1/honor-nominations", new { titleId = title.Id, memberId = member.Id, reason = "好" });
        Assert.Equal("honorTitle.retired", (await refused.ProblemAsync(HttpStatusCode.Conflict)).Code);
        var titles = await (await api.Client(member.Token).GetAsync("/api/v1/honor-titles")).ReadAsync<List<HonorTitleResponse>>();
        Assert.DoesNotContain(titles, t => t.Id == title.Id);
        var all = await (await staff.GetAsync("/api/v1/honor-titles?includeRetired=true")).ReadAsync<List<HonorTitleResponse>>();
        Assert.Contains(all, t => t.Id == title.Id && !t.IsActive);

        await (await client.PostJsonAsync($"/api/v1/honor-titles/{title.Id}/restore")).ShouldBeAsync(HttpStatusCode.OK);
        await NominateAsync(place, title.Id, member.Id, null, "本月表现突出");
        Assert.Equal(0, await api.DbAsync(db => db.HonorNominations.CountAsync(n => n.TitleId == title.Id && n.Status != NominationStatus.Pending)));
    }

    [Fact]
    public async Task Approvals_racing_for_one_nomination_grant_the_bonus_once()
    {
        var place = await api.NewCommunityAsync();
        var admin = await api.NewAdminAsync(place.StreetId);
        var other = await api.NewAdminAsync(place.StreetId);
        var member = await api.NewResidentAsync(place);
        var title = await DefineAsync(admin, "最美志愿者", "person", "yearly", 50);
        var nomination = await NominateAsync(place, title.Id, member.Id, null, "服务时长全社区第一");

        var race = await api.AllAtOnceAsync(8, i => Racer.Post(i % 2 == 0 ? admin.Token : other.Token,
            $"/api/v1/honor-nominations/{nomination.Id}/approve"));

        Assert.Equal(1, race.Count(HttpStatusCode.OK));
        Assert.Equal(7, race.Count(HttpStatusCode.Conflict));
        Assert.All(await race.RefusalCodesAsync(HttpStatusCode.OK, HttpStatusCode.Conflict),
            code => Assert.Contains(code, new[] { "nomination.decided", "nomination.concurrent", "ledger.duplicateSource" }));
        Assert.Single(await BonusEntriesAsync(member));
        Assert.Equal(50, await BalanceAsync(member));
        Assert.Equal(1, await api.DbAsync(db => db.Notifications.CountAsync(n => n.SubjectId == nomination.Id)));
    }

    [Fact]
    public async Task A_household_honour_pays_its_head_tells_every_member_and_is_held_once_a_year()
    {
        var place = await api.NewCommunityAsync();
        var admin = await api.NewAdminAsync(place.StreetId);
        var head = await api.NewResidentAsync(place, name: "王建国");
        var spouse = await api.NewResidentAsync(place, name: "李秀兰");
        var neighbour = await api.NewResidentAsync(place);
        var household = await api.NewHouseholdAsync(place, "3栋2单元301", head, spouse);
        var headless = await api.NewHouseholdAsync(place, "5栋1单元101", null, neighbour);
        var title = await DefineAsync(admin, "五星级文明户", "household", "yearly", 200);
        var staff = api.Client(place.StaffToken);

        // A household title takes a household, not a person.
        var wrong = await staff.PostJsonAsync("/api/v1/honor-nominations", new { titleId = title.Id, memberId = head.Id, reason = "家风好" });
        Assert.Equal("memberId", (await wrong.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys.Single());
        var nomination = await (await staff.PostJsonAsync("/api/v1/honor-nominations", new { titleId = title.Id, householdId = household, reason = "孝老爱亲、邻里和睦" }))
            .ReadAsync<NominationResponse>(HttpStatusCode.Created);
        Assert.Equal("3栋2单元301 王建国家", nomination.SubjectName);

        var approved = await (await api.Client(admin.Token).PostJsonAsync($"/api/v1/honor-nominations/{nomination.Id}/approve")).ReadAsync<NominationResponse>();
        Assert.Equal((head.Id, 200), (approved.BonusMemberId, approved.BonusPoints));
        Assert.Equal((200, 0), (await BalanceAsync(head), await BalanceAsync(spouse)));
        Assert.Single(await BonusEntriesAsync(head));
        var told = await api.DbAsync(db => db.Notifications.Where(n => n.SubjectId == nomination.Id).Select(n => n.RecipientId).ToListAsync());
        Assert.Equal(new[] { head.Id, spouse.Id }.Order(), told.Order());

        // On the public roll the household is named by its head's masked name, never by its address; its members see it as theirs.
        var seen = Assert.Single((await AwardsAsync(neighbour.Token)).Items);
        Assert.Equal(("王*国家", false), (seen.SubjectName, seen.IsMine));
        Assert.True(Assert.Single((await AwardsAsync(spouse.Token)).Items).IsMine);

        var again = await staff.PostJsonAsync("/api/v1/honor-nominations", new { titleId = title.Id, householdId = household, reason = "再次推荐" });
        Assert.Equal("nomination.duplicate", (await again.ProblemAsync(HttpStatusCode.Conflict)).Code);

        // A household without a head cannot receive points: approval is refused until one is named.
        var noHead = await (await staff.PostJsonAsync("/api/v1/honor-nominations", new { titleId = title.Id, householdId = headless, reason = "热心公益" }))
            .ReadAsync<NominationResponse>(HttpStatusCode.Created);
        var refused = await api.Client(admin.Token).PostJsonAsync($"/api/v1/honor-nominations/{noHead.Id}/approve");
        Assert.Equal("nomination.noHouseholdHead", (await refused.ProblemAsync(HttpStatusCode.Conflict)).Code);
        Assert.Equal(NominationStatus.Pending, await api.DbAsync(db => db.HonorNominations.Where(n => n.Id == noHead.Id).Select(n => n.Status).SingleAsync()));

        // Another community's household does not exist for this staff.
        var other = await api.NewCommunityAsync(place.StreetId);
        var foreign = await api.NewHouseholdAsync(other, "1栋101", await api.NewResidentAsync(other));
        await (await staff.PostJsonAsync("/api/v1/honor-nominations", new { titleId = title.Id, householdId = foreign, reason = "好" }))
            .ProblemAsync(HttpStatusCode.NotFound);
    }

    private async Task<HonorTitleResponse> DefineAsync(StaffPerson admin, string name, string subject, string cadence, int bonus) =>
        await (await api.Client(admin.Token).PostJsonAsync("/api/v1/honor-titles", new { name, subject, cadence, bonusPoints = bonus, description = "评选标准" }))
            .ReadAsync<HonorTitleResponse>(HttpStatusCode.Created);

    private async Task<NominationResponse> NominateAsync(Place place, Guid titleId, Guid memberId, string? period, string reason) =>
        await (await api.Client(place.StaffToken).PostJsonAsync("/api/v1/honor-nominations", new { titleId, memberId, period, reason }))
            .ReadAsync<NominationResponse>(HttpStatusCode.Created);

    private async Task<Paged<HonorAwardResponse>> AwardsAsync(string token, string query = "") =>
        await (await api.Client(token).GetAsync("/api/v1/honors/awards" + query)).ReadAsync<Paged<HonorAwardResponse>>();

    private Task<List<LedgerEntry>> BonusEntriesAsync(Person member) =>
        api.DbAsync(db => db.LedgerEntries.AsNoTracking().Where(e => e.MemberId == member.Id && e.Kind == LedgerEntryKind.Bonus).ToListAsync());

    private Task<int> BalanceAsync(Person member) =>
        api.DbAsync(db => db.PointsAccounts.Where(a => a.MemberId == member.Id).Select(a => a.Balance).SingleAsync());
}

public sealed class HonorTitlesOnPostgres(PostgresApi api) : HonorTitleTests(api), IClassFixture<PostgresApi>;

public sealed class HonorTitlesOnSqlite(SqliteApi api) : HonorTitleTests(api), IClassFixture<SqliteApi>;
