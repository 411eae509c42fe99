using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Volunteer.Api.Rewards;
using Volunteer.Domain.Members;
using Volunteer.Domain.Partners;
using Volunteer.Domain.Points;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Points;

namespace Volunteer.Tests.Support;

/// <summary>A partner organisation of its own for one test, serving a community, with one staff account.</summary>
public sealed record Shop(Partner Partner, StaffPerson Staff)
{
    public Guid Id => Partner.Id;
    public string Token => Staff.Token;
}

/// <summary>Builders and calls for the points marketplace.</summary>
public static class Marketplace
{
    /// <summary>A partner of the place's street with a co-building agreement with the place in force today.</summary>
    public static async Task<Shop> NewShopAsync(this ApiFactory api, Place place, PartnerKind kind = PartnerKind.Merchant, string? name = null)
    {
        var now = api.Clock.GetUtcNow();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        return await api.DbAsync(async db =>
        {
            var partner = Partner.Create(place.StreetId, name ?? "商家" + suffix, kind, "13900000000", "东门大街 8 号", now);
            var staff = Account.CreatePartnerStaff("shop-" + suffix, "店员" + suffix, place.StreetId, partner.Id, now);
            staff.SetPasswordHash(api.Services.GetRequiredService<IPasswordHasher<Account>>().HashPassword(staff, World.Password));
            var today = CoBuildingAgreement.Today(now);
            db.AddRange(partner, staff, CoBuildingAgreement.Sign(partner.Id, place.CommunityId, today.AddDays(-30), today.AddYears(1), place.Staff.Id, now));
            await db.SaveChangesAsync();
            return new Shop(partner, new StaffPerson(staff, api.TokenFor(staff)));
        });
    }

    public static async Task<RewardResponse> PublishRewardAsync(this ApiFactory api, Shop shop, Place place, int cost = 20, int stock = 10,
        int limit = 1, string title = "环保购物袋", TimeSpan? validFor = null)
    {
        var now = api.Clock.GetUtcNow();
        var response = await api.Client(shop.Token).PostJsonAsync("/api/v1/rewards", new
        {
            title,
            description = "凭兑换码到店领取",
            pointsCost = cost,
            stock,
            perMemberLimit = limit,
            validFrom = now.AddMinutes(-1),
            validUntil = now + (validFor ?? TimeSpan.FromDays(30)),
            communityIds = new[] { place.CommunityId },
        });
        return await response.ReadAsync<RewardResponse>(HttpStatusCode.Created);
    }

    /// <summary>Residents of the place, each with <paramref name="points"/> recorded in the ledger.</summary>
    public static async Task<IReadOnlyList<Person>> NewResidentsWithPointsAsync(this ApiFactory api, Place place, int count, int points)
    {
        var people = new List<Person>();
        for (var i = 0; i < count; i++)
            people.Add(await api.NewResidentAsync(place));
        if (points > 0)
        {
            await using var scope = api.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<Volunteer.Infrastructure.Persistence.VolunteerDbContext>();
            var ledger = scope.ServiceProvider.GetRequiredService<PointsLedger>();
            await db.InTransactionAsync(async () =>
            {
                foreach (var person in people)
                    await ledger.PostAsync(LedgerEntry.ForAdjustment(person.Id, points, "测试积分", place.Staff.Id, place.CommunityId,
                        place.GridId, api.Clock.GetUtcNow()), default);
                return 0;
            }, default);
        }
        return people;
    }

    public static async Task<Person> NewResidentWithPointsAsync(this ApiFactory api, Place place, int points) =>
        (await api.NewResidentsWithPointsAsync(place, 1, points))[0];

    public static Task<HttpResponseMessage> RedeemAsync(this ApiFactory api, string token, Guid rewardId, string? key = "new", object? body = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/rewards/{rewardId}/redemptions")
        {
            Content = JsonContent.Create(body ?? new { }, options: Http.Json),
        };
        if (key is not null)
            request.Headers.Add(RewardEndpoints.IdempotencyKeyHeader, key == "new" ? Guid.NewGuid().ToString() : key);
        return api.Client(token).SendAsync(request);
    }

    public static async Task<RedemptionResponse> RedeemOkAsync(this ApiFactory api, string token, Guid rewardId) =>
        await (await api.RedeemAsync(token, rewardId)).ReadAsync<RedemptionResponse>(HttpStatusCode.Created);

    public static Task<HttpResponseMessage> FulfilAsync(this ApiFactory api, string token, string code) =>
        api.Client(token).PostJsonAsync("/api/v1/redemptions/fulfil", new { code });

    public static Task<int> BalanceAsync(this ApiFactory api, Guid memberId) =>
        api.DbAsync(db => db.PointsAccounts.Where(a => a.MemberId == memberId).Select(a => a.Balance).SingleAsync());

    public static Task<int> StockAsync(this ApiFactory api, Guid rewardId) =>
        api.DbAsync(db => db.Rewards.Where(r => r.Id == rewardId).Select(r => r.Stock).SingleAsync());

    public static Task<List<LedgerEntry>> LedgerAsync(this ApiFactory api, Guid memberId) =>
        api.DbAsync(db => db.LedgerEntries.AsNoTracking().Where(e => e.MemberId == memberId).OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).ToListAsync());

    /// <summary>Asserts the ledger's books balance: the sum of entries is the balance, and no entry left it negative.</summary>
    public static async Task AssertBooksBalanceAsync(this ApiFactory api, Guid memberId)
    {
        var entries = await api.LedgerAsync(memberId);
        var balance = await api.BalanceAsync(memberId);
        Assert.Equal(balance, entries.Sum(e => e.Amount));
        Assert.All(entries, e => Assert.True(e.BalanceAfter >= 0));
        Assert.True(balance >= 0);
    }

    /// <summary>Starts all calls at once (as far as the machine allows) and waits for every answer.</summary>
    public static async Task<HttpResponseMessage[]> RaceAsync(int count, Func<int, Task<HttpResponseMessage>> call)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await call(i);
        })).ToList();
        start.SetResult();
        return await Task.WhenAll(calls);
    }
}
