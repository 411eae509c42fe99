using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Audit;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Api.Needs;
using Volunteer.Api.Points;
using Volunteer.Api.Privacy;
using Volunteer.Api.Rankings;
using Volunteer.Domain.Audit;
using Volunteer.Domain.Members;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Photos;
using Volunteer.Tests.Governance;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Trust;

/// <summary>Personal data rights (consent, export, erasure) and the audit trail of sensitive reads and writes.</summary>
public abstract class PrivacyAndAuditTests(ApiFactory api)
{
    private const string ElderAddress = "幸福小区 3 栋 2 单元 501";

    /// <summary>Uploads a small PNG as a photo of <paramref name="claimId"/>; returns the photo's id.</summary>
    private async Task<Guid> UploadPhotoAsync(string token, Guid claimId)
    {
        var file = new ByteArrayContent(TestImages.Png(64, 48));
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        var response = await api.Client(token).PostAsync($"/api/v1/claims/{claimId}/photos", new MultipartFormDataContent { { file, "file", "photo.png" } });
        return (await response.ReadAsync<Volunteer.Api.Photos.PhotoCreatedResponse>(HttpStatusCode.Created)).Id;
    }

    [Fact]
    public async Task Sign_in_records_the_accepted_policy_version_once_and_refuses_an_outdated_one()
    {
        var policy = await (await api.Client().GetAsync("/api/v1/privacy-policy")).ReadAsync<PrivacyPolicyResponse>();
        Assert.False(string.IsNullOrWhiteSpace(policy.Text));
        var openId = "consent-" + Guid.NewGuid().ToString("N")[..12];

        var first = await (await api.Client().PostJsonAsync("/api/v1/auth/wechat", new { code = "dev-" + openId })).ReadAsync<SignInResponse>();
        Assert.True(first.ConsentRequired);
        var outdated = await api.Client().PostJsonAsync("/api/v1/auth/wechat", new { code = "dev-" + openId, policyVersion = "2020-01" });
        Assert.Contains("policyVersion", (await outdated.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        Assert.Equal(0, await api.DbAsync(db => db.Consents.CountAsync(c => c.MemberId == first.Member.Id)));

        for (var i = 0; i < 2; i++)
        {
            var accepted = await (await api.Client().PostJsonAsync("/api/v1/auth/wechat", new { code = "dev-" + openId, policyVersion = policy.Version }))
                .ReadAsync<SignInResponse>();
            Assert.False(accepted.ConsentRequired);
        }
        var later = await (await api.Client().PostJsonAsync("/api/v1/auth/wechat", new { code = "dev-" + openId })).ReadAsync<SignInResponse>();
        Assert.False(later.ConsentRequired);
        var consent = Assert.Single(await api.DbAsync(db => db.Consents.Where(c => c.MemberId == first.Member.Id).ToListAsync()));
        Assert.Equal(policy.Version, consent.PolicyVersion);
    }

    [Fact]
    public async Task The_export_holds_the_household_survey_answers_and_escalations_and_erasure_drops_the_answers_comment()
    {
        var place = await api.NewCommunityAsync();
        var resident = await api.NewResidentAsync(place);
        var household = await api.NewHouseholdAsync(place, "7栋702", resident);
        var now = api.Clock.GetUtcNow();
        var survey = await (await api.Client(place.StaffToken).PostJsonAsync("/api/v1/surveys", new
        {
            title = "社区满意度调查", opensAt = now.AddMinutes(-1), closesAt = now.AddDays(7),
        })).ReadAsync<Volunteer.Api.Satisfaction.SurveyResponse>(HttpStatusCode.Created);
        await (await api.Client(resident.Token).PostJsonAsync($"/api/v1/surveys/{survey.Id}/answers", new { level = "basicallySatisfied", comment = "楼道灯常坏" }))
            .ShouldBeAsync(HttpStatusCode.Created);
        var escalation = await api.EscalatedNeedAsync(place, resident);

        var export = JsonDocument.Parse(await (await api.Client(resident.Token).GetAsync("/api/v1/me/export")).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(household, export.GetProperty("household").GetProperty("id").GetGuid());
        Assert.Equal("7栋702", export.GetProperty("household").GetProperty("addressUnit").GetString());
        var answer = Assert.Single(export.GetProperty("surveyAnswers").EnumerateArray().ToList());
        Assert.Equal("楼道灯常坏", answer.GetProperty("comment").GetString());
        Assert.Equal(escalation.Id, Assert.Single(export.GetProperty("escalations").EnumerateArray().ToList()).GetProperty("id").GetGuid());

        await (await api.Client(resident.Token).DeleteAsync("/api/v1/me")).ShouldBeAsync(HttpStatusCode.NoContent);
        var kept = await api.DbAsync(db => db.SurveyAnswers.AsNoTracking().SingleAsync(a => a.MemberId == resident.Id));
        Assert.Null(kept.Comment);
        Assert.Equal(Volunteer.Domain.Satisfaction.SatisfactionLevel.BasicallySatisfied, kept.Level);
    }

    [Fact]
    public async Task A_member_exports_everything_held_about_them_and_the_export_is_audited()
    {
        var place = await api.NewCommunityAsync();
        var policy = await (await api.Client().GetAsync("/api/v1/privacy-policy")).ReadAsync<PrivacyPolicyResponse>();
        var signIn = await (await api.Client().PostJsonAsync("/api/v1/auth/wechat",
            new { code = "dev-export-" + Guid.NewGuid().ToString("N")[..12], policyVersion = policy.Version })).ReadAsync<SignInResponse>();
        var me = api.Client(signIn.AccessToken);
        await (await me.PutJsonAsync("/api/v1/me", new { name = "陈静", phone = "13912345678", communityId = place.CommunityId, gridId = place.GridId }))
            .ShouldBeAsync(HttpStatusCode.OK);
        await (await me.PostJsonAsync("/api/v1/needs", new { title = "换灯泡", category = "elderlyCare", address = "东门大街 9 号" }))
            .ShouldBeAsync(HttpStatusCode.Created);
        var task = await api.PublishTaskAsync(place, points: 60);
        var claim = await api.ServeAsync(place, signIn.AccessToken, task);
        var photoId = await UploadPhotoAsync(signIn.AccessToken, claim.Id);
        await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/claims/{claim.Id}/verify", new { approved = true })).ShouldBeAsync(HttpStatusCode.OK);
        var shop = await api.NewShopAsync(place);
        var reward = await api.PublishRewardAsync(shop, place, cost: 20);
        await api.RedeemOkAsync(signIn.AccessToken, reward.Id);

        var export = JsonDocument.Parse(await (await me.GetAsync("/api/v1/me/export")).Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(signIn.Member.Id, export.GetProperty("profile").GetProperty("id").GetGuid());
        Assert.Equal("13912345678", export.GetProperty("profile").GetProperty("phone").GetString());
        Assert.Equal(40, export.GetProperty("points").GetProperty("balance").GetInt32());
        Assert.Equal(policy.Version, Assert.Single(export.GetProperty("consents").EnumerateArray()).GetProperty("policyVersion").GetString());
        Assert.Equal("东门大街 9 号", Assert.Single(export.GetProperty("needs").EnumerateArray()).GetProperty("address").GetString());
        Assert.Equal(claim.Id, Assert.Single(export.GetProperty("claims").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Equal([60, -20], export.GetProperty("ledger").EnumerateArray().Select(e => e.GetProperty("amount").GetInt32()));
        Assert.Single(export.GetProperty("redemptions").EnumerateArray());
        Assert.Contains(export.GetProperty("accessLog").EnumerateArray(), a => a.GetProperty("action").GetString() == "dataExported");
        Assert.Equal(1, await api.DbAsync(db => db.AuditEntries.CountAsync(a => a.MemberId == signIn.Member.Id && a.Action == AuditAction.DataExported)));

        // The inbox: the claim was accepted and then verified with 60 points.
        var notifications = export.GetProperty("notifications").EnumerateArray().ToList();
        var verified = Assert.Single(notifications, n => n.GetProperty("kind").GetString() == "claimVerified");
        Assert.Contains("60 积分", verified.GetProperty("body").GetString());
        Assert.False(string.IsNullOrEmpty(verified.GetProperty("title").GetString()));
        Assert.Equal(Volunteer.Domain.Notifications.MiniProgramPages.MyClaims, verified.GetProperty("link").GetString());
        Assert.Equal(JsonValueKind.Null, verified.GetProperty("readAt").ValueKind);
        Assert.Equal(await api.DbAsync(db => db.Notifications.CountAsync(n => n.RecipientId == signIn.Member.Id)), notifications.Count);
        Assert.Equal(JsonValueKind.Array, export.GetProperty("subscribeCredits").ValueKind);

        // The photo of her claim: where to fetch it, not the bytes.
        var photo = Assert.Single(export.GetProperty("photos").EnumerateArray());
        Assert.Equal((photoId, claim.Id, $"/api/v1/photos/{photoId}"),
            (photo.GetProperty("id").GetGuid(), photo.GetProperty("claimId").GetGuid(), photo.GetProperty("url").GetString()));
        var stored = await api.DbAsync(db => db.Set<ClaimPhoto>().AsNoTracking().SingleAsync(p => p.Id == photoId));
        Assert.Equal((stored.ContentType, stored.SizeBytes), (photo.GetProperty("contentType").GetString(), photo.GetProperty("size").GetInt32()));
        Assert.False(photo.TryGetProperty("content", out _));
    }

    [Fact]
    public async Task Staff_erase_a_resident_without_a_smartphone_and_totals_chains_and_the_board_stay_whole_without_her_name()
    {
        var place = await api.NewCommunityAsync();
        var unique = Random.Shared.Next(10000, 99999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (name, phone, address) = ("王秀英" + unique, "139000" + unique, "幸福小区" + unique + "号");
        var elder = await api.NewResidentAsync(place, circumstances: Circumstances.LivingAlone, name: name, phone: phone);
        await (await api.Client(elder.Token).PostJsonAsync("/api/v1/needs", new { title = "陪同去医院复查", category = "elderlyCare", address, description = name + "腿脚不便" }))
            .ShouldBeAsync(HttpStatusCode.Created);
        await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/members/{elder.Id}/points/adjustments", new { amount = 20, reason = "纸质台账补录" }))
            .ShouldBeAsync(HttpStatusCode.Created);
        // A rejected need puts a message quoting the reason, with her name, in her inbox.
        var rejected = await (await api.Client(elder.Token).PostJsonAsync("/api/v1/needs", new { title = "理发", category = "elderlyCare" }))
            .ReadAsync<NeedResponse>(HttpStatusCode.Created);
        await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/needs/{rejected.Id}/reject", new { reason = name + "已由家属安排" }))
            .ShouldBeAsync(HttpStatusCode.OK);
        Assert.NotEmpty(await PlacesHoldingAsync(name + "已由家属安排"));
        // A new name waiting for review and the WeChat unionid.
        var (pendingName, unionId) = ("王秀" + unique + "新", "union-" + unique + Guid.NewGuid().ToString("N")[..8]);
        await api.DbAsync(async db =>
        {
            var member = await db.Members.SingleAsync(m => m.Id == elder.Id);
            member.HoldNameForReview(pendingName);
            member.RememberUnionId(unionId);
            await db.SaveChangesAsync();
            return true;
        });
        // She serves a task herself and uploads a photo of it; the task's 10 points go onto her account.
        var task = await api.PublishTaskAsync(place, points: 10);
        var claim = await api.ServeAsync(place, elder.Token, task);
        var photoId = await UploadPhotoAsync(elder.Token, claim.Id);
        await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/claims/{claim.Id}/verify", new { approved = true })).ShouldBeAsync(HttpStatusCode.OK);
        Assert.NotNull(await api.UseAsync<IPhotoStore, byte[]?>(s => s.GetAsync(photoId, default)));
        var admin = await api.NewAdminAsync(place.StreetId);
        var before = await (await api.Client(admin.Token).GetAsync("/api/v1/admin/ledger/verification")).ReadAsync<LedgerVerificationResponse>();
        Assert.True(before.Ok);

        await (await api.Client(place.StaffToken).DeleteAsync($"/api/v1/members/{elder.Id}")).ShouldBeAsync(HttpStatusCode.NoContent);

        var after = await (await api.Client(admin.Token).GetAsync("/api/v1/admin/ledger/verification")).ReadAsync<LedgerVerificationResponse>();
        Assert.True(after.Ok, string.Join("; ", after.Problems.Select(p => p.What)));
        Assert.Equal((before.Accounts, before.Entries), (after.Accounts, after.Entries));
        Assert.Equal(30, await api.DbAsync(db => db.PointsAccounts.Where(a => a.MemberId == elder.Id).Select(a => a.Balance).SingleAsync()));

        var board = await (await api.Client(place.StaffToken).GetAsync($"/api/v1/communities/{place.CommunityId}/board")).ReadAsync<BoardResponse>();
        var row = Assert.Single(board.Rows.Items);
        Assert.Equal((Member.ErasedName, 30), (row.Name, row.Points));

        foreach (var text in new[] { name, phone, address, elder.Member.OpenId!, pendingName, unionId })
            Assert.Empty(await PlacesHoldingAsync(text));
        var stored = await api.DbAsync(db => db.Members.AsNoTracking().SingleAsync(m => m.Id == elder.Id));
        Assert.Equal((Circumstances.None, (string?)null, (DateTimeOffset?)null, place.CommunityId),
            (stored.Circumstances, stored.Phone, stored.PhoneVerifiedAt, stored.CommunityId));
        Assert.Equal(0, await api.DbAsync(db => db.Notifications.CountAsync(n => n.RecipientId == elder.Id)));
        // The photo is gone from the store and the list; the claim and its points stay.
        Assert.Null(await api.UseAsync<IPhotoStore, byte[]?>(s => s.GetAsync(photoId, default)));
        Assert.Equal(0, await api.DbAsync(db => db.Set<ClaimPhoto>().CountAsync(p => p.ClaimId == claim.Id)));
        Assert.Equal((ClaimStatus.Verified, 10), await api.DbAsync(db => db.Claims.Where(c => c.Id == claim.Id)
            .Select(c => new ValueTuple<ClaimStatus, int>(c.Status, c.PointsAwarded)).SingleAsync()));
        Assert.Equal(1, await api.DbAsync(db => db.AuditEntries.CountAsync(a => a.MemberId == elder.Id && a.Action == AuditAction.MemberErased
            && a.ActorId == place.Staff.Id)));

        await (await api.Client(place.StaffToken).DeleteAsync($"/api/v1/members/{elder.Id}")).ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_resident_erases_themselves_and_their_token_stops_working()
    {
        var place = await api.NewCommunityAsync();
        var resident = await api.NewResidentAsync(place, name: "赵磊");
        var other = await api.NewResidentAsync(place);
        await (await api.Client(resident.Token).DeleteAsync($"/api/v1/members/{other.Id}")).ShouldBeAsync(HttpStatusCode.Forbidden);

        await (await api.Client(resident.Token).DeleteAsync("/api/v1/me")).ShouldBeAsync(HttpStatusCode.NoContent);

        await (await api.Client(resident.Token).GetAsync("/api/v1/me")).ShouldBeAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(Member.ErasedName, await api.DbAsync(db => db.Members.Where(m => m.Id == resident.Id).Select(m => m.Name).SingleAsync()));
        Assert.Equal("居民", (await api.DbAsync(db => db.Members.Where(m => m.Id == other.Id).Select(m => m.Name).SingleAsync()))[..2]);
    }

    [Fact]
    public async Task An_erasure_on_another_instance_stops_the_token_once_the_list_is_renewed_and_no_request_waits_for_the_renewal()
    {
        var place = await api.NewCommunityAsync();
        var resident = await api.NewResidentAsync(place);
        var client = api.Client(resident.Token);
        api.Clock.Advance(TimeSpan.FromMinutes(1.1)); // whatever list this instance holds is now too old to use
        await (await client.GetAsync("/api/v1/me")).ShouldBeAsync(HttpStatusCode.OK); // waited for a fresh list

        // Erased by another instance: the row changes, this instance is not told.
        var erasedAt = api.Clock.GetUtcNow();
        await api.DbAsync(db => db.Members.Where(m => m.Id == resident.Id).ExecuteUpdateAsync(u => u.SetProperty(m => m.ErasedAt, erasedAt)));
        await (await client.GetAsync("/api/v1/me")).ShouldBeAsync(HttpStatusCode.OK); // within the 30 s, as documented

        // 31 s on, the list is stale but usable: this request is answered from it and starts one renewal in the background.
        api.Clock.Advance(TimeSpan.FromSeconds(31));
        await (await client.GetAsync("/api/v1/me")).ShouldBeAsync(HttpStatusCode.OK);

        var status = HttpStatusCode.OK;
        for (var i = 0; i < 100 && status == HttpStatusCode.OK; i++)
        {
            await Task.Delay(50);
            status = (await client.GetAsync("/api/v1/me")).StatusCode;
        }
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task Each_sensitive_read_and_write_leaves_an_audit_entry_that_only_the_streets_admins_read()
    {
        var place = await api.NewCommunityAsync();
        var elder = await api.NewResidentAsync(place, circumstances: Circumstances.LivingAlone, name: "王秀英");
        var need = await (await api.Client(elder.Token).PostJsonAsync("/api/v1/needs", new { title = "陪同去医院复查", category = "elderlyCare", address = ElderAddress }))
            .ReadAsync<NeedResponse>(HttpStatusCode.Created);
        var now = api.Clock.GetUtcNow();
        var approved = await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/needs/{need.Id}/approve",
            new { slots = 1, points = 10, startsAt = now.AddHours(1), endsAt = now.AddHours(3) })).ReadAsync<ApprovedNeedResponse>(HttpStatusCode.Created);
        var staff = api.Client(place.StaffToken);

        await (await staff.GetAsync($"/api/v1/members/{elder.Id}")).ShouldBeAsync(HttpStatusCode.OK);
        await (await staff.GetAsync($"/api/v1/tasks/{approved.Task.Id}")).ShouldBeAsync(HttpStatusCode.OK);
        await (await staff.PutJsonAsync($"/api/v1/members/{elder.Id}/circumstances", new { circumstances = new[] { "livingAlone", "elderly" } }))
            .ShouldBeAsync(HttpStatusCode.OK);
        await (await staff.PostJsonAsync($"/api/v1/members/{elder.Id}/points/adjustments", new { amount = 5, reason = "补录" })).ShouldBeAsync(HttpStatusCode.Created);
        // The requester looking at her own task is not a sensitive read.
        await (await api.Client(elder.Token).GetAsync($"/api/v1/tasks/{approved.Task.Id}")).ShouldBeAsync(HttpStatusCode.OK);

        var admin = await api.NewAdminAsync(place.StreetId);
        var trail = await (await api.Client(admin.Token).GetAsync($"/api/v1/admin/audit?memberId={elder.Id}&pageSize=100"))
            .ReadAsync<Paged<AuditEntryResponse>>();
        // Approving the need showed staff the address too; every entry is the staff member's, none the requester's.
        Assert.Equal(
            [AuditAction.MemberViewed, AuditAction.MemberChanged, AuditAction.SensitiveAddressViewed, AuditAction.PointsAdjusted],
            trail.Items.Select(a => a.Action).Distinct().Order());
        Assert.All(trail.Items, a => Assert.Equal((place.Staff.Id, place.StreetId), (a.ActorId, a.StreetId!.Value)));
        Assert.DoesNotContain(trail.Items, a => (a.Detail ?? "").Contains(ElderAddress) || (a.Detail ?? "").Contains("王秀英"));

        var viewed = await (await api.Client(admin.Token).GetAsync($"/api/v1/admin/audit?memberId={elder.Id}&action=memberViewed&actorId={place.Staff.Id}"))
            .ReadAsync<Paged<AuditEntryResponse>>();
        Assert.Equal(1, viewed.Total);
        var otherMonth = await (await api.Client(admin.Token).GetAsync($"/api/v1/admin/audit?memberId={elder.Id}&period=2020-01"))
            .ReadAsync<Paged<AuditEntryResponse>>();
        Assert.Equal(0, otherMonth.Total);

        var elsewhere = await api.NewAdminAsync((await api.NewCommunityAsync()).StreetId);
        var theirs = await (await api.Client(elsewhere.Token).GetAsync($"/api/v1/admin/audit?memberId={elder.Id}")).ReadAsync<Paged<AuditEntryResponse>>();
        Assert.Equal(0, theirs.Total);
        await (await staff.GetAsync("/api/v1/admin/audit")).ShouldBeAsync(HttpStatusCode.Forbidden);
    }

    /// <summary>Every text column of every table that contains <paramref name="text"/>.</summary>
    private Task<List<string>> PlacesHoldingAsync(string text) => api.DbAsync(async db =>
    {
        var found = new List<string>();
        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName();
            if (table is null)
                continue;
            foreach (var property in entity.GetProperties().Where(p => p.ClrType == typeof(string)))
            {
                var column = property.GetColumnName();
                // Table and column names come from the model, not from input.
                var sql = "SELECT CAST(COUNT(*) AS INTEGER) AS \"Value\" FROM \"" + table + "\" WHERE \"" + column + "\" LIKE {0}";
                var count = await db.Database.SqlQueryRaw<int>(sql, $"%{text}%").SingleAsync();
                if (count > 0)
                    found.Add($"{table}.{column}");
            }
        }
        return found;
    });
}

public sealed class PrivacyAndAuditOnPostgres(PostgresApi api) : PrivacyAndAuditTests(api), IClassFixture<PostgresApi>;

public sealed class PrivacyAndAuditOnSqlite(SqliteApi api) : PrivacyAndAuditTests(api), IClassFixture<SqliteApi>;
