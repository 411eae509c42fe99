using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Volunteer.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Escalations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "DepartmentId",
                table: "Accounts",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Departments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    StreetId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Departments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Departments_Streets_StreetId",
                        column: x => x.StreetId,
                        principalTable: "Streets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Escalations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    NeedId = table.Column<Guid>(type: "uuid", nullable: false),
                    StreetId = table.Column<Guid>(type: "uuid", nullable: false),
                    CommunityId = table.Column<Guid>(type: "uuid", nullable: false),
                    RequesterId = table.Column<Guid>(type: "uuid", nullable: false),
                    PostedByStaff = table.Column<bool>(type: "boolean", nullable: false),
                    RaisedByAccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DispatchedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ResolvedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Satisfaction = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: true),
                    SatisfactionComment = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    RatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Escalations", x => x.Id);
                    table.CheckConstraint("CK_Escalations_RatedWhenResolved", "\"Satisfaction\" IS NULL OR \"State\" = 'Resolved'");
                    table.CheckConstraint("CK_Escalations_Resolved", "(\"State\" = 'Resolved') = (\"ResolvedAt\" IS NOT NULL)");
                    table.ForeignKey(
                        name: "FK_Escalations_Accounts_RaisedByAccountId",
                        column: x => x.RaisedByAccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Escalations_Communities_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "Communities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Escalations_Members_RequesterId",
                        column: x => x.RequesterId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Escalations_Needs_NeedId",
                        column: x => x.NeedId,
                        principalTable: "Needs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Escalations_Streets_StreetId",
                        column: x => x.StreetId,
                        principalTable: "Streets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "EscalationAssignments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EscalationId = table.Column<Guid>(type: "uuid", nullable: false),
                    DepartmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    AssignedByAccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    AssignedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AcknowledgeDueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AcknowledgedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AcknowledgedByAccountId = table.Column<Guid>(type: "uuid", nullable: true),
                    ResolvedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ResolvedByAccountId = table.Column<Guid>(type: "uuid", nullable: true),
                    Outcome = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    AcknowledgementOverdueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ResolutionOverdueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EscalationAssignments", x => x.Id);
                    table.CheckConstraint("CK_EscalationAssignments_Due", "\"AcknowledgeDueAt\" <= \"DueAt\"");
                    table.CheckConstraint("CK_EscalationAssignments_ResolvedAfterAcknowledged", "\"ResolvedAt\" IS NULL OR \"AcknowledgedAt\" IS NOT NULL");
                    table.ForeignKey(
                        name: "FK_EscalationAssignments_Departments_DepartmentId",
                        column: x => x.DepartmentId,
                        principalTable: "Departments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_EscalationAssignments_Escalations_EscalationId",
                        column: x => x.EscalationId,
                        principalTable: "Escalations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "EscalationEvents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EscalationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    DepartmentId = table.Column<Guid>(type: "uuid", nullable: true),
                    ActorAccountId = table.Column<Guid>(type: "uuid", nullable: true),
                    ActorMemberId = table.Column<Guid>(type: "uuid", nullable: true),
                    Note = table.Column<string>(type: "character varying(1020)", maxLength: 1020, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EscalationEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EscalationEvents_Escalations_EscalationId",
                        column: x => x.EscalationId,
                        principalTable: "Escalations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_DepartmentId",
                table: "Accounts",
                column: "DepartmentId");

            migrationBuilder.AddCheckConstraint(
                name: "CK_Accounts_DepartmentStaffHasDepartment",
                table: "Accounts",
                sql: "(\"Role\" = 'DepartmentStaff') = (\"DepartmentId\" IS NOT NULL)");

            migrationBuilder.CreateIndex(
                name: "UX_Departments_Street_Name",
                table: "Departments",
                columns: new[] { "StreetId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EscalationAssignments_DepartmentId_AssignedAt",
                table: "EscalationAssignments",
                columns: new[] { "DepartmentId", "AssignedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_EscalationAssignments_ResolvedAt_DueAt",
                table: "EscalationAssignments",
                columns: new[] { "ResolvedAt", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "UX_EscalationAssignments_Escalation_Department",
                table: "EscalationAssignments",
                columns: new[] { "EscalationId", "DepartmentId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "UX_EscalationEvents_Escalation_Sequence",
                table: "EscalationEvents",
                columns: new[] { "EscalationId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "UX_EscalationEvents_Overdue",
                table: "EscalationEvents",
                columns: new[] { "EscalationId", "DepartmentId", "Kind" },
                unique: true,
                filter: "\"Kind\" IN ('AcknowledgementOverdue', 'ResolutionOverdue')");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_CommunityId_CreatedAt",
                table: "Escalations",
                columns: new[] { "CommunityId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_RaisedByAccountId",
                table: "Escalations",
                column: "RaisedByAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_RequesterId_CreatedAt",
                table: "Escalations",
                columns: new[] { "RequesterId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_StreetId_State_CreatedAt",
                table: "Escalations",
                columns: new[] { "StreetId", "State", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "UX_Escalations_Need_Open",
                table: "Escalations",
                column: "NeedId",
                unique: true,
                filter: "\"State\" <> 'Resolved'");

            migrationBuilder.AddForeignKey(
                name: "FK_Accounts_Departments_DepartmentId",
                table: "Accounts",
                column: "DepartmentId",
                principalTable: "Departments",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Accounts_Departments_DepartmentId",
                table: "Accounts");

            migrationBuilder.DropTable(
                name: "EscalationAssignments");

            migrationBuilder.DropTable(
                name: "EscalationEvents");

            migrationBuilder.DropTable(
                name: "Departments");

            migrationBuilder.DropTable(
                name: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Accounts_DepartmentId",
                table: "Accounts");

            migrationBuilder.DropCheckConstraint(
                name: "CK_Accounts_DepartmentStaffHasDepartment",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "DepartmentId",
                table: "Accounts");
        }
    }
}
