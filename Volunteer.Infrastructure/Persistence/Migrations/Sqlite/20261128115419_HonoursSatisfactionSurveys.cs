using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Volunteer.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class HonoursSatisfactionSurveys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Satisfaction",
                table: "Needs",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SatisfactionComment",
                table: "Needs",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SatisfactionRatedAt",
                table: "Needs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "SatisfactionRatedById",
                table: "Needs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "SatisfactionRecordedByStaff",
                table: "Needs",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "HonorTitles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    StreetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Cadence = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    BonusPoints = table.Column<int>(type: "INTEGER", nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedByAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RetiredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HonorTitles", x => x.Id);
                    table.CheckConstraint("CK_HonorTitles_Bonus", "\"BonusPoints\" >= 0 AND \"BonusPoints\" <= 1000");
                    table.ForeignKey(
                        name: "FK_HonorTitles_Accounts_CreatedByAccountId",
                        column: x => x.CreatedByAccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_HonorTitles_Streets_StreetId",
                        column: x => x.StreetId,
                        principalTable: "Streets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Surveys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    StreetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CommunityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    OpensAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosesAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedByAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Surveys", x => x.Id);
                    table.CheckConstraint("CK_Surveys_Window", "\"ClosesAt\" > \"OpensAt\"");
                    table.ForeignKey(
                        name: "FK_Surveys_Accounts_CreatedByAccountId",
                        column: x => x.CreatedByAccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Surveys_Communities_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "Communities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "HonorNominations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TitleId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StreetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CommunityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    MemberId = table.Column<Guid>(type: "TEXT", nullable: true),
                    HouseholdId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Cadence = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Period = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    NominatedByAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    NominatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DecidedByAccountId = table.Column<Guid>(type: "TEXT", nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RejectionReason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    BonusPoints = table.Column<int>(type: "INTEGER", nullable: false),
                    BonusMemberId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HonorNominations", x => x.Id);
                    table.CheckConstraint("CK_HonorNominations_Bonus", "\"BonusPoints\" >= 0 AND \"BonusPoints\" <= 1000");
                    table.CheckConstraint("CK_HonorNominations_Decided", "(\"Status\" = 'Pending') = (\"DecidedAt\" IS NULL)");
                    table.CheckConstraint("CK_HonorNominations_OneSubject", "(\"MemberId\" IS NULL) <> (\"HouseholdId\" IS NULL)");
                    table.ForeignKey(
                        name: "FK_HonorNominations_Accounts_DecidedByAccountId",
                        column: x => x.DecidedByAccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_HonorNominations_Accounts_NominatedByAccountId",
                        column: x => x.NominatedByAccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_HonorNominations_Communities_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "Communities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_HonorNominations_HonorTitles_TitleId",
                        column: x => x.TitleId,
                        principalTable: "HonorTitles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_HonorNominations_Households_HouseholdId",
                        column: x => x.HouseholdId,
                        principalTable: "Households",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_HonorNominations_Members_BonusMemberId",
                        column: x => x.BonusMemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_HonorNominations_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SurveyAnswers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SurveyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    HouseholdKey = table.Column<Guid>(type: "TEXT", nullable: false),
                    HouseholdId = table.Column<Guid>(type: "TEXT", nullable: true),
                    MemberId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    AnsweredAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SurveyAnswers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SurveyAnswers_Households_HouseholdId",
                        column: x => x.HouseholdId,
                        principalTable: "Households",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SurveyAnswers_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SurveyAnswers_Surveys_SurveyId",
                        column: x => x.SurveyId,
                        principalTable: "Surveys",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Needs_CommunityId_SatisfactionRatedAt",
                table: "Needs",
                columns: new[] { "CommunityId", "SatisfactionRatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_HonorNominations_BonusMemberId",
                table: "HonorNominations",
                column: "BonusMemberId");

            migrationBuilder.CreateIndex(
                name: "IX_HonorNominations_CommunityId_Status_NominatedAt",
                table: "HonorNominations",
                columns: new[] { "CommunityId", "Status", "NominatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_HonorNominations_DecidedByAccountId",
                table: "HonorNominations",
                column: "DecidedByAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_HonorNominations_HouseholdId",
                table: "HonorNominations",
                column: "HouseholdId");

            migrationBuilder.CreateIndex(
                name: "IX_HonorNominations_MemberId",
                table: "HonorNominations",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_HonorNominations_NominatedByAccountId",
                table: "HonorNominations",
                column: "NominatedByAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_HonorNominations_StreetId_Status_NominatedAt",
                table: "HonorNominations",
                columns: new[] { "StreetId", "Status", "NominatedAt" });

            migrationBuilder.CreateIndex(
                name: "UX_HonorNominations_Title_Household_Period",
                table: "HonorNominations",
                columns: new[] { "TitleId", "HouseholdId", "Period" },
                unique: true,
                filter: "\"Status\" <> 'Rejected'");

            migrationBuilder.CreateIndex(
                name: "UX_HonorNominations_Title_Member_Period",
                table: "HonorNominations",
                columns: new[] { "TitleId", "MemberId", "Period" },
                unique: true,
                filter: "\"Status\" <> 'Rejected'");

            migrationBuilder.CreateIndex(
                name: "IX_HonorTitles_CreatedByAccountId",
                table: "HonorTitles",
                column: "CreatedByAccountId");

            migrationBuilder.CreateIndex(
                name: "UX_HonorTitles_Street_Name",
                table: "HonorTitles",
                columns: new[] { "StreetId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SurveyAnswers_HouseholdId",
                table: "SurveyAnswers",
                column: "HouseholdId");

            migrationBuilder.CreateIndex(
                name: "IX_SurveyAnswers_MemberId_AnsweredAt",
                table: "SurveyAnswers",
                columns: new[] { "MemberId", "AnsweredAt" });

            migrationBuilder.CreateIndex(
                name: "UX_SurveyAnswers_Survey_Household",
                table: "SurveyAnswers",
                columns: new[] { "SurveyId", "HouseholdKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Surveys_CommunityId_OpensAt",
                table: "Surveys",
                columns: new[] { "CommunityId", "OpensAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Surveys_CreatedByAccountId",
                table: "Surveys",
                column: "CreatedByAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_Surveys_StreetId_OpensAt",
                table: "Surveys",
                columns: new[] { "StreetId", "OpensAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "HonorNominations");

            migrationBuilder.DropTable(
                name: "SurveyAnswers");

            migrationBuilder.DropTable(
                name: "HonorTitles");

            migrationBuilder.DropTable(
                name: "Surveys");

            migrationBuilder.DropIndex(
                name: "IX_Needs_CommunityId_SatisfactionRatedAt",
                table: "Needs");

            migrationBuilder.DropColumn(
                name: "Satisfaction",
                table: "Needs");

            migrationBuilder.DropColumn(
                name: "SatisfactionComment",
                table: "Needs");

            migrationBuilder.DropColumn(
                name: "SatisfactionRatedAt",
                table: "Needs");

            migrationBuilder.DropColumn(
                name: "SatisfactionRatedById",
                table: "Needs");

            migrationBuilder.DropColumn(
                name: "SatisfactionRecordedByStaff",
                table: "Needs");
        }
    }
}
