using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Jobs;
using Volunteer.Domain.Members;
using Volunteer.Domain.Needs;
using Volunteer.Domain.Notifications;
using Volunteer.Domain.Partners;
using Volunteer.Domain.Points;
using Volunteer.Domain.Rewards;
using Volunteer.Domain.Rankings;
using Volunteer.Domain.Recognition;
using Volunteer.Domain.Reports;
using Volunteer.Domain.Tasks;

namespace Volunteer.Infrastructure.Persistence;

/// <summary>
/// The one database of the product. Provider-specific subclasses (<see cref="SqliteVolunteerDbContext"/>,
/// <see cref="PostgresVolunteerDbContext"/>) exist only so that each provider has its own migrations.
/// </summary>
public abstract class VolunteerDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Street> Streets => Set<Street>();
    public DbSet<Community> Communities => Set<Community>();
    public DbSet<Grid> Grids => Set<Grid>();
    public DbSet<Partner> Partners => Set<Partner>();
    public DbSet<Member> Members => Set<Member>();
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<Need> Needs => Set<Need>();
    public DbSet<ServiceTask> Tasks => Set<ServiceTask>();
    public DbSet<Claim> Claims => Set<Claim>();
    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();
    public DbSet<PointsAccount> PointsAccounts => Set<PointsAccount>();
    public DbSet<MonthlyTotal> MonthlyTotals => Set<MonthlyTotal>();
    public DbSet<ScopeTotal> ScopeTotals => Set<ScopeTotal>();

    // Partners and the points marketplace (积分兑换)
    public DbSet<PartnerBadge> PartnerBadges => Set<PartnerBadge>();
    public DbSet<CoBuildingAgreement> CoBuildingAgreements => Set<CoBuildingAgreement>();
    public DbSet<Reward> Rewards => Set<Reward>();
    public DbSet<RewardCommunity> RewardCommunities => Set<RewardCommunity>();
    public DbSet<Redemption> Redemptions => Set<Redemption>();
    // Scheduled jobs (issue 4): run history, ranking snapshots, honours, dual-evaluation reports.
    public DbSet<JobRun> JobRuns => Set<JobRun>();
    public DbSet<RankingEntry> RankingEntries => Set<RankingEntry>();
    public DbSet<HonorSettings> HonorSettings => Set<HonorSettings>();
    public DbSet<Honor> Honors => Set<Honor>();
    public DbSet<DualEvaluationEntry> DualEvaluationEntries => Set<DualEvaluationEntry>();
    // Notifications (issue 10): inbox, WeChat deliveries, subscribe-message credits.
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<NotificationDelivery> NotificationDeliveries => Set<NotificationDelivery>();
    public DbSet<SubscribeCredit> SubscribeCredits => Set<SubscribeCredit>();
    // Trust and privacy (issue 13): ledger roots and verification runs, consents, the audit trail.
    public DbSet<Domain.Points.LedgerRoot> LedgerRoots => Set<Domain.Points.LedgerRoot>();
    public DbSet<Domain.Points.LedgerVerificationRun> LedgerVerificationRuns => Set<Domain.Points.LedgerVerificationRun>();
    public DbSet<Domain.Privacy.Consent> Consents => Set<Domain.Privacy.Consent>();
    public DbSet<Domain.Audit.AuditEntry> AuditEntries => Set<Domain.Audit.AuditEntry>();
    // Honours, satisfaction and statistics (issue 16): configurable titles and nominations, surveys.
    public DbSet<HonorTitle> HonorTitles => Set<HonorTitle>();
    public DbSet<HonorNomination> HonorNominations => Set<HonorNomination>();
    public DbSet<Domain.Satisfaction.Survey> Surveys => Set<Domain.Satisfaction.Survey>();
    public DbSet<Domain.Satisfaction.SurveyAnswer> SurveyAnswers => Set<Domain.Satisfaction.SurveyAnswer>();
    // Households and the five-level grid (issue 16)
    public DbSet<Domain.Households.Household> Households => Set<Domain.Households.Household>();
    public DbSet<Domain.Households.Building> Buildings => Set<Domain.Households.Building>();
    public DbSet<Domain.Households.PartyGroup> PartyGroups => Set<Domain.Households.PartyGroup>();
    public DbSet<Domain.Households.CentralHousehold> CentralHouseholds => Set<Domain.Households.CentralHousehold>();

    // Escalation (吹哨报到, issue 16): configured in Escalations/EscalationConfigurations.cs
    public DbSet<Domain.Escalations.Department> Departments => Set<Domain.Escalations.Department>();
    public DbSet<Domain.Escalations.Escalation> Escalations => Set<Domain.Escalations.Escalation>();
    public DbSet<Domain.Escalations.EscalationAssignment> EscalationAssignments => Set<Domain.Escalations.EscalationAssignment>();
    public DbSet<Domain.Escalations.EscalationEvent> EscalationEvents => Set<Domain.Escalations.EscalationEvent>();

    /// <summary>The console's cookie keys (ASP.NET Core Data Protection), shared by every instance.</summary>
    public DbSet<DataProtectionKeyRow> DataProtectionKeys => Set<DataProtectionKeyRow>();

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        builder.Properties<string>().HaveMaxLength(200);
        builder.Properties<ActorRole>().HaveConversion<string>().HaveMaxLength(32);
        builder.Properties<CommunityKind>().HaveConversion<string>().HaveMaxLength(32);
        builder.Properties<PartnerKind>().HaveConversion<string>().HaveMaxLength(32);
        builder.Properties<PartyStatus>().HaveConversion<string>().HaveMaxLength(32);
        builder.Properties<NeedStatus>().HaveConversion<string>().HaveMaxLength(32);
        builder.Properties<TaskCategory>().HaveConversion<string>().HaveMaxLength(32);
        builder.Properties<ServiceTaskStatus>().HaveConversion<string>().HaveMaxLength(32);
        builder.Properties<ClaimStatus>().HaveConversion<string>().HaveMaxLength(32);
        builder.Properties<CheckInMethod>().HaveConversion<string>().HaveMaxLength(32);
        builder.Properties<LedgerEntryKind>().HaveConversion<string>().HaveMaxLength(32);
        builder.Properties<BadgeKind>().HaveConversion<string>().HaveMaxLength(32);
        builder.Properties<RewardStatus>().HaveConversion<string>().HaveMaxLength(32);
        builder.Properties<RedemptionStatus>().HaveConversion<string>().HaveMaxLength(32);

        // Scheduled jobs (issue 4)
        builder.Properties<JobName>().HaveConversion<string>().HaveMaxLength(32);
        builder.Properties<JobRunStatus>().HaveConversion<string>().HaveMaxLength(16);
        builder.Properties<JobTrigger>().HaveConversion<string>().HaveMaxLength(16);
        builder.Properties<RankingScope>().HaveConversion<string>().HaveMaxLength(16);
        builder.Properties<RankingList>().HaveConversion<string>().HaveMaxLength(16);
        builder.Properties<RankingMetric>().HaveConversion<string>().HaveMaxLength(16);
        builder.Properties<HonorKind>().HaveConversion<string>().HaveMaxLength(32);
    }

    /// <summary>Each entity is configured in its feature folder (<c>&lt;Entity&gt;Configuration</c>).</summary>
    protected override void OnModelCreating(ModelBuilder model) =>
        model.ApplyConfigurationsFromAssembly(typeof(VolunteerDbContext).Assembly);

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BumpVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BumpVersions();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// Optimistic concurrency: every update of a versioned row checks the version it read and
    /// writes the next one, so of two concurrent changes to one row the second fails.
    /// </summary>
    private void BumpVersions()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State != EntityState.Modified)
                continue;
            var version = entry.Metadata.FindProperty("Version");
            if (version is null || !version.IsConcurrencyToken)
                continue;
            var property = entry.Property(version.Name);
            property.CurrentValue = (int)property.OriginalValue! + 1;
        }
    }
}

public sealed class SqliteVolunteerDbContext(DbContextOptions<SqliteVolunteerDbContext> options) : VolunteerDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        base.ConfigureConventions(builder);
        // SQLite has no date-time type: store instants as UTC ticks so that comparisons and
        // ordering happen in SQL, whatever offset a value arrived with.
        builder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }
}

public sealed class PostgresVolunteerDbContext(DbContextOptions<PostgresVolunteerDbContext> options) : VolunteerDbContext(options);

public sealed class UtcTicksConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));
