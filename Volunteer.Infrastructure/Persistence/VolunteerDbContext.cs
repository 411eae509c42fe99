using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
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
using TaskStatus = Volunteer.Domain.Tasks.TaskStatus;

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

    // Escalation (吹哨报到, issue 16): configured in Escalations/EscalationConfigurations.cs
    public DbSet<Domain.Escalations.Department> Departments => Set<Domain.Escalations.Department>();
    public DbSet<Domain.Escalations.Escalation> Escalations => Set<Domain.Escalations.Escalation>();
    public DbSet<Domain.Escalations.EscalationAssignment> EscalationAssignments => Set<Domain.Escalations.EscalationAssignment>();
    public DbSet<Domain.Escalations.EscalationEvent> EscalationEvents => Set<Domain.Escalations.EscalationEvent>();

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        builder.Properties<string>().HaveMaxLength(200);
        builder.Properties<ActorRole>().HaveConversion<string>().HaveMaxLength(32);
        builder.Properties<CommunityKind>().HaveConversion<string>().HaveMaxLength(32);
        builder.Properties<PartnerKind>().HaveConversion<string>().HaveMaxLength(32);
        builder.Properties<PartyStatus>().HaveConversion<string>().HaveMaxLength(32);
        builder.Properties<NeedStatus>().HaveConversion<string>().HaveMaxLength(32);
        builder.Properties<TaskCategory>().HaveConversion<string>().HaveMaxLength(32);
        builder.Properties<TaskStatus>().HaveConversion<string>().HaveMaxLength(32);
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

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.ApplyConfigurationsFromAssembly(typeof(VolunteerDbContext).Assembly);
        model.Entity<Street>(e =>
        {
            e.HasIndex(x => x.Name).IsUnique();
            e.Property(x => x.Name).HasMaxLength(50);
        });

        model.Entity<Community>(e =>
        {
            e.HasOne<Street>().WithMany().HasForeignKey(x => x.StreetId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.StreetId, x.Name }).IsUnique();
            e.Property(x => x.Name).HasMaxLength(50);
        });

        model.Entity<Grid>(e =>
        {
            e.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.CommunityId, x.Name }).IsUnique();
            e.Property(x => x.Name).HasMaxLength(50);
            e.Property(x => x.WorkerName).HasMaxLength(30);
        });

        model.Entity<Partner>(e =>
        {
            e.HasOne<Street>().WithMany().HasForeignKey(x => x.StreetId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.StreetId, x.Name }).IsUnique();
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Contact).HasMaxLength(100);
        });

        model.Entity<Member>(e =>
        {
            e.HasIndex(x => x.OpenId).IsUnique();
            e.HasIndex(x => new { x.CommunityId, x.PartyStatus });
            e.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Grid>().WithMany().HasForeignKey(x => x.GridId).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.OpenId).HasMaxLength(64);
            e.Property(x => x.UnionId).HasMaxLength(64);
            e.Property(x => x.PendingName).HasMaxLength(30);
            e.Property(x => x.Name).HasMaxLength(30);
            e.Property(x => x.Phone).HasMaxLength(11);
            e.Property(x => x.PartyBranch).HasMaxLength(100);
            e.Property(x => x.PartyWorkUnit).HasMaxLength(100);
            e.Property(x => x.Version).IsConcurrencyToken();
        });

        model.Entity<Account>(e =>
        {
            e.HasIndex(x => x.Username).IsUnique();
            e.Property(x => x.Username).HasMaxLength(32);
            e.Property(x => x.PasswordHash).HasMaxLength(200);
            e.Property(x => x.DisplayName).HasMaxLength(30);
            e.HasOne<Street>().WithMany().HasForeignKey(x => x.StreetId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Partner>().WithMany().HasForeignKey(x => x.PartnerId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Domain.Escalations.Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.ToTable(t =>
            {
                t.HasCheckConstraint("CK_Accounts_DepartmentStaffHasDepartment",
                    "(\"Role\" = 'DepartmentStaff') = (\"DepartmentId\" IS NOT NULL)");
                t.HasCheckConstraint("CK_Accounts_StaffHasCommunity", "\"Role\" <> 'CommunityStaff' OR \"CommunityId\" IS NOT NULL");
                t.HasCheckConstraint("CK_Accounts_PartnerStaffHasPartner", "\"Role\" <> 'PartnerStaff' OR \"PartnerId\" IS NOT NULL");
            });
        });

        model.Entity<Need>(e =>
        {
            e.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Grid>().WithMany().HasForeignKey(x => x.GridId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Member>().WithMany().HasForeignKey(x => x.RequesterId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.CommunityId, x.Status, x.CreatedAt });
            e.HasIndex(x => new { x.RequesterId, x.CreatedAt });
            e.Property(x => x.Title).HasMaxLength(100);
            e.Property(x => x.Description).HasMaxLength(2000);
            e.Property(x => x.Version).IsConcurrencyToken();
        });

        model.Entity<ServiceTask>(e =>
        {
            e.ToTable("Tasks", t =>
            {
                t.HasCheckConstraint("CK_Tasks_SlotsTaken", "\"Taken\" >= 0 AND \"Taken\" <= \"Slots\"");
                t.HasCheckConstraint("CK_Tasks_Slots", "\"Slots\" > 0");
                t.HasCheckConstraint("CK_Tasks_Points", "\"Points\" >= 0");
                t.HasCheckConstraint("CK_Tasks_Window", "\"EndsAt\" > \"StartsAt\"");
                t.HasCheckConstraint("CK_Tasks_Location", "(\"Latitude\" IS NULL) = (\"Longitude\" IS NULL) AND (\"Latitude\" IS NULL OR "
                    + "(\"Latitude\" >= -90 AND \"Latitude\" <= 90 AND \"Longitude\" >= -180 AND \"Longitude\" <= 180))");
            });
            e.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Grid>().WithMany().HasForeignKey(x => x.GridId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Need>().WithMany().HasForeignKey(x => x.NeedId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Member>().WithMany().HasForeignKey(x => x.RequesterId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => x.NeedId).IsUnique();
            e.HasIndex(x => new { x.CommunityId, x.Status, x.StartsAt });
            e.HasIndex(x => new { x.Status, x.EndsAt });
            e.Property(x => x.Title).HasMaxLength(100);
            e.Property(x => x.Description).HasMaxLength(2000);
            e.Ignore(x => x.Remaining);
            e.Ignore(x => x.Location);
            e.Ignore(x => x.IsWish);
            e.HasIndex(x => new { x.CommunityId, x.Category, x.CreatedAt });
            e.Property(x => x.Version).IsConcurrencyToken();
        });

        model.Entity<Claim>(e =>
        {
            e.ToTable(t =>
            {
                t.HasCheckConstraint("CK_Claims_OneClaimant", "(\"MemberId\" IS NULL) <> (\"PartnerId\" IS NULL)");
                t.HasCheckConstraint("CK_Claims_Rating", "\"RatingStars\" IS NULL OR (\"RatingStars\" >= 1 AND \"RatingStars\" <= 5)");
                t.HasCheckConstraint("CK_Claims_Minutes", "\"ServiceMinutes\" >= 0");
            });
            e.HasOne<ServiceTask>().WithMany().HasForeignKey(x => x.TaskId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Member>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Partner>().WithMany().HasForeignKey(x => x.PartnerId).OnDelete(DeleteBehavior.Restrict);
            // A member (or organisation) holds at most one live claim per task; cancelled claims
            // stay as history and do not block claiming again.
            e.HasIndex(x => new { x.TaskId, x.MemberId }).IsUnique()
                .HasFilter($"\"Status\" <> '{nameof(ClaimStatus.Cancelled)}'").HasDatabaseName("UX_Claims_Task_Member");
            e.HasIndex(x => new { x.TaskId, x.PartnerId }).IsUnique()
                .HasFilter($"\"Status\" <> '{nameof(ClaimStatus.Cancelled)}'").HasDatabaseName("UX_Claims_Task_Partner");
            e.HasIndex(x => new { x.MemberId, x.ClaimedAt });
            e.HasIndex(x => new { x.Status, x.TaskId });
            e.Property(x => x.RatingComment).HasMaxLength(Claim.MaxRatingCommentLength);
            e.Property(x => x.StaffConfirmationReason).HasMaxLength(Claim.MaxConfirmationReasonLength);
            // Anomaly rules look for services confirmed by staff without a check-in.
            e.HasIndex(x => new { x.CheckInMethod, x.ReviewedAt });
            e.ToTable(t => t.HasCheckConstraint("CK_Claims_StaffConfirmation",
                $"(\"CheckInMethod\" = '{nameof(CheckInMethod.StaffConfirmed)}') = (\"StaffConfirmationReason\" IS NOT NULL)"));
            e.Ignore(x => x.HoldsSlot);
            e.Property(x => x.Version).IsConcurrencyToken();
        });

        model.Entity<LedgerEntry>(e =>
        {
            e.ToTable(t => t.HasCheckConstraint("CK_LedgerEntries_Minutes", "\"Minutes\" >= 0"));
            e.HasOne<Member>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.Kind, x.SourceId }).IsUnique().HasDatabaseName("UX_LedgerEntries_Source");
            // The unique index (MemberId, Sequence), UX_LedgerEntries_Member_Sequence, and the triggers that
            // refuse UPDATE and DELETE are created by the hand-written migration LedgerChainGuards, after it
            // has backfilled the chain of existing rows.
            e.Property(x => x.Hash).HasMaxLength(64);
            e.Property(x => x.PreviousHash).HasMaxLength(64);
            e.Ignore(x => x.CountsForRanking);
        });

        model.Entity<PointsAccount>(e =>
        {
            e.HasKey(x => x.MemberId);
            e.HasOne<Member>().WithOne().HasForeignKey<PointsAccount>(x => x.MemberId).OnDelete(DeleteBehavior.Restrict);
            e.ToTable(t =>
            {
                t.HasCheckConstraint("CK_PointsAccounts_Balance", "\"Balance\" >= 0");
                t.HasCheckConstraint("CK_PointsAccounts_Minutes", "\"Minutes\" >= 0");
            });
            e.Ignore(x => x.StarLevel);
        });

        model.Entity<MonthlyTotal>(e =>
        {
            e.HasKey(x => new { x.Period, x.MemberId, x.CommunityId, x.GridId });
            e.HasOne<Member>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.Period, x.CommunityId });
        });

        ConfigureMarketplace(model);
        ConfigureScheduledJobs(model);
    }

    /// <summary>Partners' badges and agreements, rewards and redemptions (积分兑换).</summary>
    private static void ConfigureMarketplace(ModelBuilder model)
    {
        model.Entity<Partner>(e =>
        {
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasMany(x => x.Badges).WithOne().HasForeignKey(x => x.PartnerId).OnDelete(DeleteBehavior.Restrict);
            e.Navigation(x => x.Badges).HasField("_badges").UsePropertyAccessMode(PropertyAccessMode.Field);
            e.Ignore(x => x.CurrentBadges);
        });

        model.Entity<PartnerBadge>(e =>
        {
            // Added through the partner's collection: a set key must not read as "already stored".
            e.Property(x => x.Id).ValueGeneratedNever();
            // A badge is held at most once at a time; revoked grants stay as history.
            e.HasIndex(x => new { x.PartnerId, x.Badge }).IsUnique()
                .HasFilter("\"RevokedAt\" IS NULL").HasDatabaseName("UX_PartnerBadges_Current");
            e.HasOne<Account>().WithMany().HasForeignKey(x => x.GrantedByAccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Account>().WithMany().HasForeignKey(x => x.RevokedByAccountId).OnDelete(DeleteBehavior.Restrict);
            e.Ignore(x => x.IsCurrent);
        });

        model.Entity<CoBuildingAgreement>(e =>
        {
            e.ToTable(t => t.HasCheckConstraint("CK_CoBuildingAgreements_Dates", "\"EndsOn\" >= \"StartsOn\""));
            e.HasOne<Partner>().WithMany().HasForeignKey(x => x.PartnerId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.PartnerId, x.CommunityId }).IsUnique().HasDatabaseName("UX_CoBuildingAgreements_Partner_Community");
            e.HasIndex(x => new { x.CommunityId, x.EndsOn });
            e.Property(x => x.Version).IsConcurrencyToken();
        });

        model.Entity<Reward>(e =>
        {
            e.ToTable(t =>
            {
                t.HasCheckConstraint("CK_Rewards_PointsCost", "\"PointsCost\" > 0");
                t.HasCheckConstraint("CK_Rewards_Stock", "\"Stock\" >= 0");
                t.HasCheckConstraint("CK_Rewards_PerMemberLimit", "\"PerMemberLimit\" >= 1");
                t.HasCheckConstraint("CK_Rewards_Validity", "\"ValidUntil\" > \"ValidFrom\"");
            });
            e.HasOne<Partner>().WithMany().HasForeignKey(x => x.PartnerId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Communities).WithOne().HasForeignKey(x => x.RewardId).OnDelete(DeleteBehavior.Cascade);
            e.Navigation(x => x.Communities).HasField("_communities").UsePropertyAccessMode(PropertyAccessMode.Field);
            e.HasIndex(x => new { x.PartnerId, x.Status, x.CreatedAt });
            e.HasIndex(x => new { x.Status, x.ValidUntil });
            e.Property(x => x.Title).HasMaxLength(100);
            e.Property(x => x.Description).HasMaxLength(1000);
            e.Property(x => x.Version).IsConcurrencyToken();
        });

        model.Entity<RewardCommunity>(e =>
        {
            e.HasKey(x => new { x.RewardId, x.CommunityId });
            e.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => x.CommunityId);
        });

        model.Entity<Redemption>(e =>
        {
            e.ToTable(t =>
            {
                t.HasCheckConstraint("CK_Redemptions_PointsCost", "\"PointsCost\" > 0");
                t.HasCheckConstraint("CK_Redemptions_Fulfilled",
                    $"(\"Status\" = '{nameof(RedemptionStatus.Fulfilled)}') = (\"FulfilledAt\" IS NOT NULL)");
            });
            e.HasOne<Reward>().WithMany().HasForeignKey(x => x.RewardId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Partner>().WithMany().HasForeignKey(x => x.PartnerId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Member>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Account>().WithMany().HasForeignKey(x => x.FulfilledByAccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => x.Code).IsUnique().HasDatabaseName("UX_Redemptions_Code");
            // One redemption per client request: retries with the same key find the first one.
            e.HasIndex(x => new { x.MemberId, x.IdempotencyKey }).IsUnique().HasDatabaseName("UX_Redemptions_Member_IdempotencyKey");
            e.HasIndex(x => new { x.MemberId, x.RewardId, x.Status });
            e.HasIndex(x => new { x.MemberId, x.CreatedAt });
            e.HasIndex(x => new { x.PartnerId, x.Status, x.CreatedAt });
            e.HasIndex(x => new { x.PartnerId, x.FulfilledAt });
            e.HasIndex(x => new { x.Status, x.ExpiresAt });
            e.Property(x => x.RewardTitle).HasMaxLength(100);
            e.Property(x => x.Code).HasMaxLength(RedemptionCode.Length);
            e.Property(x => x.Note).HasMaxLength(RedemptionRequest.MaxNoteLength);
            e.Property(x => x.IdempotencyKey).HasMaxLength(RedemptionRequest.MaxKeyLength);
            e.Property(x => x.RequestFingerprint).HasMaxLength(64);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
    }

    /// <summary>Scheduled jobs (issue 4): run history, ranking snapshots, honours, dual-evaluation reports.</summary>
    private static void ConfigureScheduledJobs(ModelBuilder model)
    {
        model.Entity<JobRun>(e =>
        {
            // One run per job and period: the claim that stops two instances computing the same month.
            e.HasIndex(x => new { x.Job, x.Period }).IsUnique().HasDatabaseName("UX_JobRuns_Job_Period");
            e.HasIndex(x => x.StartedAt);
            e.Property(x => x.Summary).HasMaxLength(500);
            e.Property(x => x.Error).HasMaxLength(JobRun.MaxErrorLength);
            e.Ignore(x => x.PeriodValue);
            e.ToTable(t => t.HasCheckConstraint("CK_JobRuns_Attempts", "\"Attempts\" >= 1"));
        });

        model.Entity<RankingEntry>(e =>
        {
            e.HasKey(x => new { x.Period, x.Scope, x.ScopeId, x.List, x.Metric, x.MemberId });
            // No foreign key to Members: every row is derived from MonthlyTotals, whose key already
            // guarantees the member, and a snapshot can be a million rows written in one statement.
            e.ToTable(t =>
            {
                t.HasCheckConstraint("CK_RankingEntries_Rank", "\"Rank\" >= 1");
                t.HasCheckConstraint("CK_RankingEntries_Value", "\"Value\" > 0");
            });
        });

        model.Entity<HonorSettings>(e =>
        {
            e.HasKey(x => x.CommunityId);
            e.HasOne<Community>().WithOne().HasForeignKey<HonorSettings>(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.ToTable(t =>
            {
                t.HasCheckConstraint("CK_HonorSettings_TopN", $"\"TopN\" >= 1 AND \"TopN\" <= {Domain.Recognition.HonorSettings.MaxTopN}");
                t.HasCheckConstraint("CK_HonorSettings_Bonus", $"\"BonusPoints\" >= 0 AND \"BonusPoints\" <= {Domain.Recognition.HonorSettings.MaxBonusPoints}");
            });
        });

        model.Entity<Honor>(e =>
        {
            e.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Member>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.Period, x.CommunityId, x.MemberId, x.Kind }).IsUnique().HasDatabaseName("UX_Honors_Period_Community_Member_Kind");
            e.HasIndex(x => new { x.MemberId, x.Period });
            e.Property(x => x.Title).HasMaxLength(32);
        });

        model.Entity<DualEvaluationEntry>(e =>
        {
            e.HasKey(x => new { x.Period, x.MemberId });
            e.HasOne<Member>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.Period, x.StreetId, x.WorkUnit });
            e.Property(x => x.MemberName).HasMaxLength(30);
            e.Property(x => x.WorkUnit).HasMaxLength(100);
            e.Property(x => x.PartyBranch).HasMaxLength(100);
            e.Ignore(x => x.AverageRating);
        });

    }

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
