using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Members;
using Volunteer.Domain.Partners;
using Volunteer.Domain.Points;

namespace Volunteer.Tests.Support;

/// <summary>A community of its own for one test: street, community, grid and a staff member, with a token.</summary>
public sealed record Place(Guid StreetId, Guid CommunityId, Guid GridId, Account Staff, string StaffToken);

public sealed record Person(Member Member, string Token)
{
    public Guid Id => Member.Id;
}

public sealed record StaffPerson(Account Account, string Token)
{
    public Guid Id => Account.Id;
}

/// <summary>Builds each test's own data directly through the domain, so tests never share rows.</summary>
public static class World
{
    public const string Password = "Passw0rd!";

    public static async Task<Place> NewCommunityAsync(this ApiFactory api, Guid? streetId = null)
    {
        var now = api.Clock.GetUtcNow();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        return await api.DbAsync(async db =>
        {
            var sid = streetId;
            if (sid is null)
            {
                var street = Street.Create("测试街道" + suffix, now);
                db.Streets.Add(street);
                sid = street.Id;
            }
            var community = Community.Create(sid.Value, "测试社区" + suffix, CommunityKind.Urban, "测试路 1 号", now);
            var grid = Grid.Create(community.Id, "第一网格", "网格员", now);
            var staff = Account.CreateCommunityStaff("staff-" + suffix, "社区工作人员" + suffix, sid.Value, community.Id, now);
            staff.SetPasswordHash(api.Services.GetRequiredService<IPasswordHasher<Account>>().HashPassword(staff, Password));
            db.AddRange(community, grid, staff);
            await db.SaveChangesAsync();
            return new Place(sid.Value, community.Id, grid.Id, staff, api.TokenFor(staff));
        });
    }

    public static async Task<Person> NewResidentAsync(this ApiFactory api, Place? home, bool partyMember = false,
        Circumstances circumstances = Circumstances.None, string? name = null, string? phone = null)
    {
        var now = api.Clock.GetUtcNow();
        return await api.DbAsync(async db =>
        {
            var member = Member.SignUpWithWeChat("openid-" + Guid.NewGuid().ToString("N"), now);
            member.UpdateProfile(name ?? "居民" + Random.Shared.Next(1000, 9999), phone);
            if (home is not null)
            {
                var community = await db.Communities.FindAsync(home.CommunityId);
                var grid = await db.Grids.FindAsync(home.GridId);
                member.MoveTo(community, grid);
            }
            member.SetCircumstances(circumstances);
            if (partyMember)
            {
                member.DeclarePartyMembership("第一党支部", "丹阳市人民医院", inService: true);
                member.ConfirmPartyMembership(home!.Staff.Id, now);
            }
            db.Members.Add(member);
            db.PointsAccounts.Add(PointsAccount.OpenFor(member.Id, now));
            await db.SaveChangesAsync();
            return new Person(member, api.TokenFor(member));
        });
    }

    /// <summary>Many residents of <paramref name="home"/> at once (one round trip), for races.</summary>
    public static async Task<IReadOnlyList<Person>> NewResidentsAsync(this ApiFactory api, Place home, int count)
    {
        var now = api.Clock.GetUtcNow();
        return await api.DbAsync(async db =>
        {
            var community = await db.Communities.FindAsync(home.CommunityId);
            var grid = await db.Grids.FindAsync(home.GridId);
            var members = new List<Member>();
            for (var i = 0; i < count; i++)
            {
                var member = Member.SignUpWithWeChat("openid-" + Guid.NewGuid().ToString("N"), now);
                member.UpdateProfile($"居民{i + 1:D2}", null);
                member.MoveTo(community, grid);
                db.Members.Add(member);
                db.PointsAccounts.Add(PointsAccount.OpenFor(member.Id, now));
                members.Add(member);
            }
            await db.SaveChangesAsync();
            return members.Select(m => new Person(m, api.TokenFor(m))).ToList();
        });
    }

    /// <summary>A co-building unit of the place's street with an agreement with the place in force today.</summary>
    public static async Task<(Partner Partner, StaffPerson Staff)> NewPartnerAsync(this ApiFactory api, Place place)
    {
        var now = api.Clock.GetUtcNow();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        return await api.DbAsync(async db =>
        {
            var partner = Partner.Create(place.StreetId, "共建单位" + suffix, PartnerKind.Unit, null, null, now);
            var staff = Account.CreatePartnerStaff("partner-" + suffix, "单位工作人员", place.StreetId, partner.Id, now);
            staff.SetPasswordHash(api.Services.GetRequiredService<IPasswordHasher<Account>>().HashPassword(staff, Password));
            var today = CoBuildingAgreement.Today(now);
            var agreement = CoBuildingAgreement.Sign(partner.Id, place.CommunityId, today.AddDays(-30), today.AddYears(1), place.Staff.Id, now);
            db.AddRange(partner, staff, agreement);
            await db.SaveChangesAsync();
            return (partner, new StaffPerson(staff, api.TokenFor(staff)));
        });
    }

    public static async Task<StaffPerson> NewAdminAsync(this ApiFactory api, Guid? streetId)
    {
        var now = api.Clock.GetUtcNow();
        return await api.DbAsync(async db =>
        {
            var admin = Account.CreateAdmin("admin-" + Guid.NewGuid().ToString("N")[..8], "管理员", streetId, now);
            admin.SetPasswordHash(api.Services.GetRequiredService<IPasswordHasher<Account>>().HashPassword(admin, Password));
            db.Accounts.Add(admin);
            await db.SaveChangesAsync();
            return new StaffPerson(admin, api.TokenFor(admin));
        });
    }
}
