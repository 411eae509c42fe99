using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Households;
using Volunteer.Domain.Escalations;
using Volunteer.Domain.Members;
using Volunteer.Domain.Needs;
using Volunteer.Domain.Partners;
using Volunteer.Domain.Points;
using Volunteer.Domain.Rewards;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Points;

namespace Volunteer.Infrastructure.Seeding;

/// <summary>
/// A demo street for the embedded default: communities of several kinds, grids, residents and
/// party members, tasks in several categories and a little history in the ledger, all made
/// through the domain's own methods. Runs once: skipped when any street exists.
/// </summary>
public sealed class DemoData(VolunteerDbContext db, IPasswordHasher<Account> hasher, TimeProvider clock, PointsLedger ledger,
    ILogger<DemoData> logger)
{
    public const string Password = "Demo#2026";

    public async Task SeedAsync(CancellationToken ct)
    {
        if (await AnyStreetAsync(ct))
            return;
        var now = clock.GetUtcNow();
        await db.InTransactionAsync(async () =>
        {
            await SeedWithinTransactionAsync(now, ct);
            return 0;
        }, ct);
        logger.LogInformation("Loaded demo data: accounts demo-admin, demo-staff, demo-grid, demo-partner, demo-shop, demo-market, demo-chengguan, demo-zhujian (password {Password})", Password);
    }

    /// <summary>
    /// Whether any street exists, in plain SQL: this check runs on every start on the way to ready, and
    /// as the process's first LINQ query it would compile EF Core's query pipeline there (~0.6 s of CPU).
    /// </summary>
    private async Task<bool> AnyStreetAsync(CancellationToken ct)
    {
        var table = db.Model.FindEntityType(typeof(Street))!.GetTableName()!;
        var sql = db.GetService<ISqlGenerationHelper>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT 1 FROM {sql.DelimitIdentifier(table)} LIMIT 1";
            return await command.ExecuteScalarAsync(ct) is not null and not DBNull;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task SeedWithinTransactionAsync(DateTimeOffset now, CancellationToken ct)
    {
        var street = Street.Create("云阳街道", now);
        var dongmen = Community.Create(street.Id, "东门社区", CommunityKind.Urban, "丹阳市云阳街道东门大街 18 号", now);
        var nanyuan = Community.Create(street.Id, "南苑安置社区", CommunityKind.Resettlement, "丹阳市云阳街道南苑路 6 号", now);
        var kaifa = Community.Create(street.Id, "开发区工业社区", CommunityKind.Industrial, "丹阳市开发区齐梁路 99 号", now);
        var ximen = Community.Create(street.Id, "西门老旧楼院", CommunityKind.OldCourtyard, "丹阳市云阳街道西门街 3 号", now);
        var jinglin = Community.Create(street.Id, "荆林村", CommunityKind.Village, "丹阳市云阳街道荆林村村委会", now);
        db.Streets.Add(street);
        db.Communities.AddRange(dongmen, nanyuan, kaifa, ximen, jinglin);

        var grid1 = Grid.Create(dongmen.Id, "第一网格", "周丽", now);
        var grid2 = Grid.Create(dongmen.Id, "第二网格", "孙强", now);
        var grid3 = Grid.Create(dongmen.Id, "第三网格", "吴芳", now);
        db.Grids.AddRange(grid1, grid2, grid3,
            Grid.Create(nanyuan.Id, "一网格", "钱伟", now), Grid.Create(nanyuan.Id, "二网格", "郑敏", now),
            Grid.Create(kaifa.Id, "一网格", "冯涛", now), Grid.Create(ximen.Id, "一网格", "何静", now),
            Grid.Create(jinglin.Id, "第一村民小组", "蒋国华", now));

        var bank = Partner.Create(street.Id, "丹阳农商银行云阳支行", PartnerKind.Unit, "0511-86000000", "丹阳市云阳街道新民路 8 号", now);
        var barber = Partner.Create(street.Id, "东门老王理发店", PartnerKind.Merchant, "13905290011", "丹阳市云阳街道东门大街 26 号", now);
        var market = Partner.Create(street.Id, "云阳积分超市（东门店）", PartnerKind.Supermarket, "0511-86000123", "东门社区党群服务中心一楼", now);
        db.Partners.AddRange(bank, barber, market);

        var admin = Account.CreateAdmin("demo-admin", "云阳街道管理员", street.Id, now);
        var staff = Account.CreateCommunityStaff("demo-staff", "东门社区 周丽", street.Id, dongmen.Id, now);
        var partnerStaff = Account.CreatePartnerStaff("demo-partner", "农商银行 陆晨", street.Id, bank.Id, now);
        var shopStaff = Account.CreatePartnerStaff("demo-shop", "老王理发店 王建国", street.Id, barber.Id, now);
        var marketStaff = Account.CreatePartnerStaff("demo-market", "积分超市 沈梅", street.Id, market.Id, now);
        var gridWorker = Account.CreateGridWorker("demo-grid", "第一网格网格员 周丽", street.Id, grid1, now);
        foreach (var account in new[] { admin, staff, partnerStaff, shopStaff, marketStaff, gridWorker })
        {
            account.SetPasswordHash(hasher.HashPassword(account, Password));
            db.Accounts.Add(account);
        }

        // 王秀英 has no smartphone: staff registered her and post needs on her behalf.
        var wang = Member.RegisterByStaff("王秀英", null, dongmen, grid1, Circumstances.Elderly | Circumstances.LivingAlone, staff.Id, now);
        var li = Resident("li-ming", "李明", "13815290001", dongmen, grid2, now);
        li.DeclarePartyMembership("东门社区第二网格党支部", "丹阳市人民医院", inService: true);
        li.ConfirmPartyMembership(staff.Id, now);
        var zhao = Resident("zhao-lei", "赵磊", "13815290002", dongmen, grid1, now);
        zhao.DeclarePartyMembership("东门社区第一网格党支部", "丹阳农商银行云阳支行", inService: true);
        zhao.ConfirmPartyMembership(staff.Id, now);
        var zhang = Resident("zhang-wei", "张伟", "13815290003", dongmen, grid1, now);
        var chen = Resident("chen-jing", "陈静", "13815290004", dongmen, grid3, now);
        chen.DeclarePartyMembership("东门社区第三网格党支部", null, inService: false);
        var liu = Resident("liu-yang", "刘洋", "13815290005", nanyuan, null, now);
        foreach (var member in new[] { wang, li, zhao, zhang, chen, liu })
        {
            db.Members.Add(member);
            db.PointsAccounts.Add(PointsAccount.OpenFor(member.Id, now));
        }
        await db.SaveChangesAsync(ct);
        await SeedHouseholdsAsync(dongmen, grid1, grid2, staff, wang, zhao, zhang, li, now, ct);

        var today = DateOnly.FromDateTime(ChinaTime.ToChina(now).DateTime);
        DateTimeOffset At(int days, int hour, int minute = 0) =>
            new DateTimeOffset(today.AddDays(days).ToDateTime(new TimeOnly(hour, minute)), ChinaTime.Offset).ToUniversalTime();

        var need = Need.Post(wang, new NeedDetails("陪同王奶奶到市人民医院复查",
            "王奶奶 82 岁独居，腿脚不便，需要有人陪同去医院复查并帮忙取药。", TaskCategory.ElderlyCare,
            "东门大街 18 号 3 栋 201 室", At(1, 9), At(1, 11)), staff.Id, now);
        db.Needs.Add(need);
        var escort = need.Approve(new TaskTerms("陪同王奶奶到市人民医院复查", "陪同就医、取药，全程约 2 小时。", TaskCategory.ElderlyCare,
            1, 10, At(1, 9), At(1, 11), null, false, null), staff.Id, now);

        db.Needs.Add(Need.Post(zhang, new NeedDetails("3 栋楼道灯损坏", "3 栋二楼到四楼楼道灯不亮，晚上上下楼不安全。",
            TaskCategory.Other, "东门大街 18 号 3 栋", null, null), null, now));

        var cleanUp = ServiceTask.Publish(dongmen.Id, new TaskTerms("东门社区环境整治日",
            "清理小区绿化带垃圾、整理楼道杂物，工具由社区提供。", TaskCategory.Environment, 20, 5, now.AddHours(-1), now.AddHours(3),
            "东门社区党群服务中心门口集合", false, null), staff.Id, now);
        var tasks = new[]
        {
            escort,
            cleanUp,
            ServiceTask.Publish(dongmen.Id, new TaskTerms("夜间平安巡逻（党员先锋岗）", "沿小区主干道和地下车库巡逻，检查消防通道。",
                TaskCategory.Patrol, 6, 8, At(1, 19), At(1, 21), "东门社区警务室", true, grid2.Id), staff.Id, now),
            ServiceTask.Publish(dongmen.Id, new TaskTerms("微心愿：为留守儿童小雨购买新书包", "小雨今年上三年级，心愿是一个新书包。",
                TaskCategory.MicroWish, 1, 15, At(0, 8), At(7, 18), "东门社区党群服务中心", false, null), staff.Id, now),
            ServiceTask.Publish(dongmen.Id, new TaskTerms("放学爱心接送", "接送东门小学双职工家庭的孩子回家。",
                TaskCategory.ChildCare, 3, 6, At(2, 16), At(2, 17, 30), "东门小学南门", false, grid1.Id), staff.Id, now),
            ServiceTask.Publish(dongmen.Id, new TaskTerms("邻里纠纷调解志愿者", "协助调解员处理楼上漏水引发的邻里纠纷。",
                TaskCategory.Mediation, 2, 10, At(3, 14), At(3, 16), "东门社区调解室", false, null), staff.Id, now),
            ServiceTask.Publish(dongmen.Id, new TaskTerms("文明劝导：电动车规范停放", "劝导居民不在楼道内停放电动车、不飞线充电。",
                TaskCategory.CivilityPersuasion, 8, 4, At(4, 18), At(4, 20), "各楼栋单元口", false, null), staff.Id, now),
            ServiceTask.Publish(nanyuan.Id, new TaskTerms("安置小区楼道清理", "清理楼道堆放杂物，消除消防隐患。",
                TaskCategory.Environment, 10, 5, At(2, 9), At(2, 11), "南苑安置社区 5 栋", false, null), staff.Id, now),
            ServiceTask.Publish(jinglin.Id, new TaskTerms("秸秆禁烧宣传", "入户发放宣传单，劝导村民不焚烧秸秆。",
                TaskCategory.CivilityPersuasion, 5, 5, At(3, 9), At(3, 12), "荆林村村委会", false, null), staff.Id, now),
        };
        db.Tasks.AddRange(tasks);
        await db.SaveChangesAsync(ct);

        // A little history: two residents served at today's clean-up and staff verified it.
        foreach (var volunteer in new[] { li, zhang })
        {
            var claim = cleanUp.Claim(Claimant.ForMember(volunteer), now);
            claim.CheckIn(cleanUp, now);
            claim.CheckOut(cleanUp, now);
            claim.Rate(5, "干活很认真，小区干净多了。", staff.Id, now);
            claim.Verify(cleanUp, staff.Id, minutes: 120, now);
            db.Claims.Add(claim);
            await db.SaveChangesAsync(ct);
            var gridId = volunteer.GridId;
            await ledger.PostAsync(LedgerEntry.ForVerifiedService(claim, cleanUp, gridId, now), ct);
        }
        db.Claims.Add(cleanUp.Claim(Claimant.ForPartner(bank.Id, partnerStaff.Id), now));
        await db.SaveChangesAsync(ct);
        await ledger.PostAsync(LedgerEntry.ForAdjustment(li.Id, 20, "纸质台账积分补录（2025 年度）", staff.Id, dongmen.Id, grid2.Id, now), ct);

        SeedMarketplace(today, now, admin, dongmen, nanyuan, (bank, partnerStaff), (barber, shopStaff), (market, marketStaff));
        await db.SaveChangesAsync(ct);
        await SeedEscalationAsync(street, zhang, staff, admin, now, ct);

        // Last month's service, so the monthly jobs (run at start-up) have a month to rank, honour
        // and report on: 李明 and 赵磊 tie at the top, 张伟 follows.
        var lastMonth = Period.Of(now).Previous().StartsAt;
        await ServedLastMonthAsync(dongmen, staff, "楼道杂物清理", TaskCategory.Environment, 8, lastMonth.AddDays(9).AddHours(9),
            [(li, 90, 5), (zhao, 90, 4), (zhang, 60, 5)], ct);
        await ServedLastMonthAsync(dongmen, staff, "敬老院重阳探访", TaskCategory.ElderlyCare, 12, lastMonth.AddDays(19).AddHours(14),
            [(li, 120, 5), (zhao, 150, null)], ct);
    }

    /// <summary>Co-building agreements, badges and rewards, so li-ming's points buy something at once.</summary>
    /// <summary>
    /// 吹哨报到: two departments of the street with one staff account each, and a need 东门社区 could not
    /// meet, escalated and dispatched to 城管 (waiting for it to report in).
    /// </summary>
    private async Task SeedEscalationAsync(Street street, Member resident, Account staff, Account admin, DateTimeOffset now, CancellationToken ct)
    {
        var urban = Department.Create(street.Id, "城管中队", now);
        var housing = Department.Create(street.Id, "住建服务站", now);
        db.Departments.AddRange(urban, housing);
        await db.SaveChangesAsync(ct);
        var urbanStaff = Account.CreateDepartmentStaff("demo-chengguan", "城管中队 顾军", street.Id, urban.Id, now);
        var housingStaff = Account.CreateDepartmentStaff("demo-zhujian", "住建服务站 许琳", street.Id, housing.Id, now);
        foreach (var account in new[] { urbanStaff, housingStaff })
        {
            account.SetPasswordHash(hasher.HashPassword(account, Password));
            db.Accounts.Add(account);
        }

        var need = Need.Post(resident, new NeedDetails("南门夜市占道经营、油烟扰民",
            "小区南门外每晚有流动摊贩占道经营，油烟和噪音影响 1、2 栋居民休息，消防通道也被堵。", TaskCategory.Other,
            "东门大街 18 号 南门", null, null), null, now);
        db.Needs.Add(need);
        var escalation = Escalation.Raise(need, street.Id, staff.Id, "占道经营需城管执法，社区多次劝导无效。", now);
        escalation.Dispatch([urban], now.AddDays(3), TimeSpan.FromDays(1), admin.Id, now);
        db.Escalations.Add(escalation);
        await db.SaveChangesAsync(ct);
    }

    private void SeedMarketplace(DateOnly today, DateTimeOffset now, Account admin, Community dongmen, Community nanyuan,
        (Partner Partner, Account Staff) bankUnit, (Partner Partner, Account Staff) barberShop, (Partner Partner, Account Staff) supermarket)
    {
        var (bank, bankStaff) = bankUnit;
        var (barber, barberStaff) = barberShop;
        var (market, marketStaff) = supermarket;
        var from = today.AddMonths(-3);
        var until = today.AddYears(1);
        db.CoBuildingAgreements.AddRange(
            CoBuildingAgreement.Sign(bank.Id, dongmen.Id, from, until, admin.Id, now),
            CoBuildingAgreement.Sign(barber.Id, dongmen.Id, from, until, admin.Id, now),
            CoBuildingAgreement.Sign(market.Id, dongmen.Id, from, until, admin.Id, now),
            CoBuildingAgreement.Sign(market.Id, nanyuan.Id, from, until, admin.Id, now));
        barber.GrantBadge(BadgeKind.PartyMemberModelShop, admin.Id, now);
        market.GrantBadge(BadgeKind.BranchRecommendedShop, admin.Id, now);

        var validFrom = now.AddDays(-1);
        var validUntil = now.AddDays(90);
        db.Rewards.AddRange(
            Reward.Publish(bank.Id, new RewardTerms("环保购物袋", "农商银行定制帆布环保袋，凭兑换码到新民路 8 号网点柜台领取。",
                20, 100, 2, validFrom, validUntil), [dongmen.Id], bankStaff.Id, now),
            Reward.Publish(barber.Id, new RewardTerms("理发一次", "男士/女士剪发一次（不含烫染），请提前电话预约。",
                50, 30, 1, validFrom, validUntil), [dongmen.Id], barberStaff.Id, now),
            Reward.Publish(market.Id, new RewardTerms("粮油礼包", "5 kg 大米 + 1.8 L 食用油，凭兑换码到积分超市领取。",
                200, 20, 1, validFrom, validUntil), [dongmen.Id, nanyuan.Id], marketStaff.Id, now));
    }

    private async Task ServedLastMonthAsync(Community community, Account staff, string title, TaskCategory category, int points,
        DateTimeOffset startsAt, (Member Volunteer, int Minutes, int? Stars)[] volunteers, CancellationToken ct)
    {
        var task = ServiceTask.Publish(community.Id, new TaskTerms(title, null, category, volunteers.Length, points, startsAt,
            startsAt.AddHours(3), "东门社区党群服务中心", false, null), staff.Id, startsAt.AddDays(-3));
        db.Tasks.Add(task);
        var claims = new List<(Claim Claim, Member Volunteer)>();
        foreach (var (volunteer, minutes, stars) in volunteers)
        {
            var claim = task.Claim(Claimant.ForMember(volunteer), startsAt.AddDays(-2));
            claim.CheckIn(task, startsAt);
            claim.CheckOut(task, startsAt.AddMinutes(minutes));
            if (stars is { } s)
                claim.Rate(s, null, staff.Id, startsAt.AddHours(3));
            claim.Verify(task, staff.Id, minutes: null, startsAt.AddHours(4));
            db.Claims.Add(claim);
            claims.Add((claim, volunteer));
        }
        task.CloseIfEnded(startsAt.AddHours(4));
        await db.SaveChangesAsync(ct);
        foreach (var (claim, volunteer) in claims)
            await ledger.PostAsync(LedgerEntry.ForVerifiedService(claim, task, volunteer.GridId, startsAt.AddHours(4)), ct);
    }

    /// <summary>
    /// 户与五级网格 of 东门社区: buildings 3栋 (第一网格) and 5栋 (第二网格), three households, the 3栋 party group led by
    /// 赵磊, and 赵磊's household as a 党员中心户 looking after 王秀英's.
    /// </summary>
    private async Task SeedHouseholdsAsync(Community dongmen, Grid grid1, Grid grid2, Account staff, Member wang, Member zhao, Member zhang,
        Member li, DateTimeOffset now, CancellationToken ct)
    {
        var building3 = Building.Create(grid1, "3栋", now);
        var building5 = Building.Create(grid2, "5栋", now);
        var wangHome = Household.Create(dongmen, "3栋201室", staff.Id, now);
        var zhaoHome = Household.Create(dongmen, "3栋302室", staff.Id, now);
        var liHome = Household.Create(dongmen, "5栋101室", staff.Id, now);
        wangHome.PlaceIn(building3, null);
        zhaoHome.PlaceIn(building3, null);
        liHome.PlaceIn(building5, null);
        foreach (var (home, head, others) in new[] { (wangHome, wang, Array.Empty<Member>()), (zhaoHome, zhao, [zhang]), (liHome, li, []) })
        {
            home.AddMember(head);
            home.SetHead(head);
            foreach (var other in others)
                home.AddMember(other);
        }
        db.Buildings.AddRange(building3, building5);
        db.Households.AddRange(wangHome, zhaoHome, liHome);
        db.PartyGroups.Add(PartyGroup.Form(building3, "3栋党小组", zhao, now));
        await db.SaveChangesAsync(ct);

        var central = CentralHousehold.Designate(zhaoHome, zhao, staff.Id, now);
        db.CentralHouseholds.Add(central);
        await db.SaveChangesAsync(ct);
        wangHome.PutInCareOf(central, grid1.Id, grid1.Id);
        await db.SaveChangesAsync(ct);
    }

    private static Member Resident(string openId, string name, string phone, Community community, Grid? grid, DateTimeOffset now)
    {
        var member = Member.SignUpWithWeChat(openId, now);
        member.UpdateProfile(name, phone);
        member.MoveTo(community, grid);
        return member;
    }
}
