using System.Net;
using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Claims;
using Volunteer.Api.Http;
using Volunteer.Api.Needs;
using Volunteer.Api.Photos;
using Volunteer.Api.Points;
using Volunteer.Api.Wishes;
using Volunteer.Domain.Points;
using Volunteer.Domain.Tasks;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Http;

/// <summary>微心愿: posted, adopted by one, fulfilled, confirmed, verified for points once; hidden wishes leave the wall.</summary>
public abstract class WishWallTests(ApiFactory api)
{
    private async Task<Guid> WishAsync(Place place, Person wisher, string title = "想要一个新书包", int points = 15)
    {
        var now = api.Clock.GetUtcNow();
        var need = await (await api.Client(wisher.Token).PostJsonAsync("/api/v1/needs", new
        {
            title,
            description = "三年级学生，书包坏了",
            category = "microWish",
        })).ReadAsync<NeedResponse>(HttpStatusCode.Created);
        var approved = await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/needs/{need.Id}/approve",
            new { slots = 1, points, startsAt = now.AddMinutes(-5), endsAt = now.AddDays(7) }))
            .ReadAsync<ApprovedNeedResponse>(HttpStatusCode.Created);
        return approved.Task.Id;
    }

    private async Task<WishResponse> OnWallAsync(string token, Place place, Guid wishId) =>
        (await (await api.Client(token).GetAsync($"/api/v1/wishes?communityId={place.CommunityId}&pageSize=100"))
            .ReadAsync<Paged<WishResponse>>()).Items.Single(w => w.Id == wishId);

    [Fact]
    public async Task A_wish_goes_from_open_to_adopted_to_fulfilled_and_earns_points_once_after_verification()
    {
        var place = await api.NewCommunityAsync();
        var wisher = await api.NewResidentAsync(place, name: "张小雨");
        var member = await api.NewResidentAsync(place, partyMember: true, name: "李明华");
        var viewer = await api.NewResidentAsync(place);
        var wishId = await WishAsync(place, wisher);

        var open = await OnWallAsync(viewer.Token, place, wishId);
        Assert.Equal((WishState.Open, "张*雨", null, null), (open.State, open.WisherName, open.AdopterName, open.ClaimId));
        Assert.Equal("张小雨", (await OnWallAsync(wisher.Token, place, wishId)).WisherName);
        Assert.Equal("claim.ownNeed", (await (await api.Client(wisher.Token).PostJsonAsync($"/api/v1/wishes/{wishId}/adopt"))
            .ProblemAsync(HttpStatusCode.Forbidden)).Code);

        var claim = await (await api.Client(member.Token).PostJsonAsync($"/api/v1/wishes/{wishId}/adopt")).ReadAsync<ClaimResponse>(HttpStatusCode.Created);
        var adopted = await OnWallAsync(viewer.Token, place, wishId);
        Assert.Equal((WishState.Adopted, "李*华", claim.Id), (adopted.State, adopted.AdopterName, adopted.ClaimId));

        // Only the adopter fulfils; then adds a photo; the wisher confirms; only then staff verify.
        Assert.Equal("wish.notAdopter", (await (await api.Client(viewer.Token).PostJsonAsync($"/api/v1/wishes/{wishId}/fulfil"))
            .ProblemAsync(HttpStatusCode.Forbidden)).Code);
        var fulfilled = await (await api.Client(member.Token).PostJsonAsync($"/api/v1/wishes/{wishId}/fulfil")).ReadAsync<ClaimResponse>();
        Assert.Equal(ClaimStatus.CheckedOut, fulfilled.Status);
        var form = new MultipartFormDataContent { { new ByteArrayContent(TestImages.Png(400, 300)), "file", "bag.png" } };
        await (await api.Client(member.Token).PostAsync($"/api/v1/claims/{claim.Id}/photos", form)).ReadAsync<PhotoCreatedResponse>(HttpStatusCode.Created);
        Assert.Equal("wish.notConfirmed", (await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/claims/{claim.Id}/verify",
            new { approved = true })).ProblemAsync(HttpStatusCode.Conflict)).Code);
        Assert.Equal("wish.notWisher", (await (await api.Client(member.Token).PostJsonAsync($"/api/v1/wishes/{wishId}/confirm"))
            .ProblemAsync(HttpStatusCode.Forbidden)).Code);

        var confirmed = await (await api.Client(wisher.Token).PostJsonAsync($"/api/v1/wishes/{wishId}/confirm")).ReadAsync<WishResponse>();
        Assert.Equal((WishState.Fulfilled, false), (confirmed.State, confirmed.Verified));
        var shown = await OnWallAsync(viewer.Token, place, wishId);
        Assert.Equal((WishState.Fulfilled, "李*华"), (shown.State, shown.AdopterName));
        Assert.Equal(0, (await (await api.Client(member.Token).GetAsync("/api/v1/me/points")).ReadAsync<PointsResponse>()).Balance);

        var verified = await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/claims/{claim.Id}/verify", new { approved = true }))
            .ReadAsync<ClaimResponse>();
        Assert.Equal((ClaimStatus.Verified, 15), (verified.Status, verified.PointsAwarded));
        Assert.Single(verified.Photos);
        Assert.Equal("claim.alreadyVerified", (await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/claims/{claim.Id}/verify",
            new { approved = true })).ProblemAsync(HttpStatusCode.Conflict)).Code);
        Assert.Equal(15, (await (await api.Client(member.Token).GetAsync("/api/v1/me/points")).ReadAsync<PointsResponse>()).Balance);
        Assert.Equal(1, await api.DbAsync(db => db.LedgerEntries.CountAsync(e => e.SourceId == claim.Id && e.Kind == LedgerEntryKind.Earn)));
        Assert.True((await OnWallAsync(viewer.Token, place, wishId)).Verified);
    }

    [Fact]
    public async Task Of_many_adopting_a_wish_at_once_exactly_one_adopts_it()
    {
        var place = await api.NewCommunityAsync();
        var wisher = await api.NewResidentAsync(place);
        var wishId = await WishAsync(place, wisher);
        var adopters = await api.NewResidentsAsync(place, 10);

        var race = await api.AllAtOnceAsync(adopters.Count, i => Racer.Post(adopters[i].Token, $"/api/v1/wishes/{wishId}/adopt"));
        Assert.Equal(1, race.Count(HttpStatusCode.Created));
        Assert.All(await race.RefusalCodesAsync(HttpStatusCode.Created, HttpStatusCode.Conflict), code => Assert.Equal("wish.taken", code));
        var (taken, live) = await api.DbAsync(async db => (
            await db.Tasks.Where(t => t.Id == wishId).Select(t => t.Taken).SingleAsync(),
            await db.Claims.CountAsync(c => c.TaskId == wishId && c.Status != ClaimStatus.Cancelled)));
        Assert.Equal((1, 1), (taken, live));
    }

    [Fact]
    public async Task Wishes_a_party_member_adopted_at_home_appear_in_the_dual_evaluation_report()
    {
        var period = new Volunteer.Domain.Common.Period(2025, 11);
        var at = Activity.Cst(2025, 11, 12, 10);
        var home = await api.NewCommunityAsync();
        var admin = await api.NewAdminAsync(home.StreetId);
        var member = await api.NewResidentAsync(home, partyMember: true, name: "周红");
        var wisher = await api.NewResidentAsync(home);
        await api.DbAsync(async db =>
        {
            var memberRow = await db.Members.AsNoTracking().SingleAsync(m => m.Id == member.Id);
            foreach (var (title, cancel) in new[] { ("书包", false), ("台灯", false), ("放弃的心愿", true) })
            {
                var need = Volunteer.Domain.Needs.Need.Post(await db.Members.AsNoTracking().SingleAsync(m => m.Id == wisher.Id),
                    new Volunteer.Domain.Needs.NeedDetails(title, null, TaskCategory.MicroWish, null, null, null), null, at.AddDays(-2));
                var task = need.Approve(new TaskTerms(title, null, TaskCategory.MicroWish, 1, 10, at.AddDays(-1), at.AddDays(10), null, false, null),
                    home.Staff.Id, at.AddDays(-1));
                var claim = task.Claim(Claimant.ForMember(memberRow), at);
                if (cancel)
                    claim.Cancel(at.AddHours(1));
                db.AddRange(need, task, claim);
            }
            await db.SaveChangesAsync();
        });

        await (await api.Client((await api.NewAdminAsync(null)).Token).PostJsonAsync("/api/v1/admin/jobs/dual-evaluation/runs", new { period = period.ToString() }))
            .ShouldBeAsync(HttpStatusCode.OK);
        var report = await (await api.Client(admin.Token).GetAsync($"/api/v1/reports/dual-evaluation?period={period}"))
            .ReadAsync<Volunteer.Api.Reports.DualEvaluationResponse>();
        var line = report.Units.SelectMany(u => u.Items).Single(m => m.MemberId == member.Id);
        Assert.Equal((2, 0), (line.Wishes, line.Tasks));
        var csv = await (await api.Client(admin.Token).GetAsync($"/api/v1/reports/dual-evaluation.csv?period={period}")).Content.ReadAsStringAsync();
        Assert.Contains(",周红,", csv);
        Assert.Contains(",0,0,0,,2\r\n", csv);
    }

    [Fact]
    public async Task A_hidden_wish_leaves_the_public_wall_and_staff_still_see_it()
    {
        var place = await api.NewCommunityAsync();
        var wisher = await api.NewResidentAsync(place);
        var viewer = await api.NewResidentAsync(place);
        var hiddenId = await WishAsync(place, wisher, "希望有人陪我下象棋");
        var shownId = await WishAsync(place, wisher, "想要一套课外书");

        Assert.Equal("community.forbidden", (await (await api.Client(viewer.Token).PostJsonAsync($"/api/v1/wishes/{hiddenId}/hide"))
            .ProblemAsync(HttpStatusCode.Forbidden)).Code);
        var hidden = await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/wishes/{hiddenId}/hide")).ReadAsync<WishResponse>();
        Assert.True(hidden.Hidden);

        var wall = await (await api.Client(viewer.Token).GetAsync($"/api/v1/wishes?communityId={place.CommunityId}")).ReadAsync<Paged<WishResponse>>();
        Assert.Equal([shownId], wall.Items.Select(w => w.Id).ToList());
        Assert.Equal(1, wall.Total);
        Assert.Equal("wish.notFound", (await (await api.Client(viewer.Token).GetAsync($"/api/v1/wishes/{hiddenId}")).ProblemAsync(HttpStatusCode.NotFound)).Code);
        var listed = await (await api.Client(viewer.Token).GetAsync($"/api/v1/tasks?communityId={place.CommunityId}&category=microWish"))
            .ReadAsync<Paged<Volunteer.Api.Tasks.TaskResponse>>();
        Assert.Equal([shownId], listed.Items.Select(t => t.Id).ToList());
        // The mini-program's plain list (a resident, one community, no other filter) is a compiled query of its
        // own: it must keep the same rule as the filtered list, for the viewer and for the wish's own requester.
        foreach (var (who, expected) in new[] { (viewer, new[] { shownId }), (wisher, new[] { hiddenId, shownId }) })
        {
            var plain = await (await api.Client(who.Token).GetAsync($"/api/v1/tasks?communityId={place.CommunityId}"))
                .ReadAsync<Paged<Volunteer.Api.Tasks.TaskResponse>>();
            var filtered = await (await api.Client(who.Token).GetAsync($"/api/v1/tasks?communityId={place.CommunityId}&category=microWish"))
                .ReadAsync<Paged<Volunteer.Api.Tasks.TaskResponse>>();
            Assert.Equal(expected.Order().ToList(), plain.Items.Where(t => t.Category == TaskCategory.MicroWish).Select(t => t.Id).Order().ToList());
            Assert.Equal(filtered.Items.Select(t => t.Id).Order().ToList(), plain.Items.Where(t => t.Category == TaskCategory.MicroWish).Select(t => t.Id).Order().ToList());
            Assert.Equal(plain.Items.Count, plain.Total);
        }
        var staffWall = await (await api.Client(place.StaffToken).GetAsync($"/api/v1/wishes?communityId={place.CommunityId}")).ReadAsync<Paged<WishResponse>>();
        Assert.Equal([(shownId, false), (hiddenId, true)], staffWall.Items.Select(w => (w.Id, w.Hidden)).OrderBy(w => w.Hidden).ToList());

        await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/wishes/{hiddenId}/show")).ShouldBeAsync(HttpStatusCode.OK);
        var back = await (await api.Client(viewer.Token).GetAsync($"/api/v1/wishes?communityId={place.CommunityId}&state=open")).ReadAsync<Paged<WishResponse>>();
        Assert.Equal(2, back.Total);

        // Streets are separate worlds: the wall of another street's community does not exist for this resident.
        var elsewhere = await api.NewCommunityAsync();
        Assert.Equal("community.notFound", (await (await api.Client(viewer.Token).GetAsync($"/api/v1/wishes?communityId={elsewhere.CommunityId}"))
            .ProblemAsync(HttpStatusCode.NotFound)).Code);
    }
}

public sealed class WishWallOnPostgres(PostgresApi api) : WishWallTests(api), IClassFixture<PostgresApi>;

public sealed class WishWallOnSqlite(SqliteApi api) : WishWallTests(api), IClassFixture<SqliteApi>;
