using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Volunteer.Api.Admin;
using Volunteer.Api.Audit;
using Volunteer.Api.Auth;
using Volunteer.Api.Claims;
using Volunteer.Api.Communities;
using Volunteer.Api.Escalations;
using Volunteer.Api.Health;
using Volunteer.Api.Households;
using Volunteer.Api.Jobs;
using Volunteer.Api.Me;
using Volunteer.Api.Members;
using Volunteer.Api.Needs;
using Volunteer.Api.Notifications;
using Volunteer.Api.Partners;
using Volunteer.Api.Photos;
using Volunteer.Api.Points;
using Volunteer.Api.Privacy;
using Volunteer.Api.Rankings;
using Volunteer.Api.Recognition;
using Volunteer.Api.Reports;
using Volunteer.Api.Rewards;
using Volunteer.Api.Satisfaction;
using Volunteer.Api.Tasks;
using Volunteer.Api.Wishes;
using Volunteer.Infrastructure.Households;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Privacy;

namespace Volunteer.Api.Http;

/// <summary>
/// The JSON of the API: camelCase (web defaults), enums as camelCase strings (numbers refused), Chinese
/// text unescaped. Contracts are serialized from source-generated metadata (<see cref="ApiJsonContext"/>):
/// no reflection and no run-time code generation per type at start-up, less work per request; a type
/// missing from the context still works through the reflection resolver behind it
/// (<c>ApiJsonTests</c> keeps the context complete).
/// </summary>
public static class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        // Chinese text stays readable in responses instead of \uXXXX escapes.
        options.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
    }
}

/// <summary>
/// Source-generated metadata of every request and response body of the API. The options above
/// (naming, enums, encoder) apply to it as to reflection: the generated metadata only replaces the
/// reflection that would describe each type.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AccountResponse))]
[JsonSerializable(typeof(AdjustPointsRequest))]
[JsonSerializable(typeof(AgreementRequest))]
[JsonSerializable(typeof(AgreementResponse))]
[JsonSerializable(typeof(AnomalyReportResponse))]
[JsonSerializable(typeof(ApproveNeedRequest))]
[JsonSerializable(typeof(ApprovedNeedResponse))]
[JsonSerializable(typeof(BadgeRequest))]
[JsonSerializable(typeof(BindPhoneRequest))]
[JsonSerializable(typeof(BindPhoneResponse))]
[JsonSerializable(typeof(BoardResponse))]
[JsonSerializable(typeof(CancelTaskRequest))]
[JsonSerializable(typeof(ChangeStockRequest))]
[JsonSerializable(typeof(CheckInCodeResponse))]
[JsonSerializable(typeof(CheckInRequest))]
[JsonSerializable(typeof(ClaimResponse))]
[JsonSerializable(typeof(CommunityChangeRequest))]
[JsonSerializable(typeof(CommunityRequest))]
[JsonSerializable(typeof(CommunityResponse))]
[JsonSerializable(typeof(ConfirmServiceRequest))]
[JsonSerializable(typeof(CreateAccountRequest))]
[JsonSerializable(typeof(CreatedId))]
[JsonSerializable(typeof(DualEvaluationResponse))]
[JsonSerializable(typeof(FulfilRequest))]
[JsonSerializable(typeof(GridChangeRequest))]
[JsonSerializable(typeof(GridRequest))]
[JsonSerializable(typeof(GridResponse))]
[JsonSerializable(typeof(HeldContent))]
[JsonSerializable(typeof(HonorSettingsRequest))]
[JsonSerializable(typeof(HonorSettingsResponse))]
[JsonSerializable(typeof(IReadOnlyList<SubscribeCreditResponse>))]
[JsonSerializable(typeof(JobRunResultResponse))]
[JsonSerializable(typeof(LedgerEntryResponse))]
[JsonSerializable(typeof(LedgerVerificationResponse))]
[JsonSerializable(typeof(MemberResponse))]
[JsonSerializable(typeof(NeedResponse))]
[JsonSerializable(typeof(NotificationResponse))]
[JsonSerializable(typeof(Paged<AccountResponse>))]
[JsonSerializable(typeof(Paged<AuditEntryResponse>))]
[JsonSerializable(typeof(Paged<ClaimResponse>))]
[JsonSerializable(typeof(Paged<CommunityResponse>))]
[JsonSerializable(typeof(Paged<DeliveryResponse>))]
[JsonSerializable(typeof(Paged<GridResponse>))]
[JsonSerializable(typeof(Paged<HonorResponse>))]
[JsonSerializable(typeof(Paged<JobRunResponse>))]
[JsonSerializable(typeof(Paged<LedgerEntryResponse>))]
[JsonSerializable(typeof(Paged<LedgerRootResponse>))]
[JsonSerializable(typeof(Paged<LedgerVerificationRunResponse>))]
[JsonSerializable(typeof(Paged<MemberResponse>))]
[JsonSerializable(typeof(Paged<NeedResponse>))]
[JsonSerializable(typeof(Paged<NotificationResponse>))]
[JsonSerializable(typeof(Paged<PartnerResponse>))]
[JsonSerializable(typeof(Paged<RedemptionResponse>))]
[JsonSerializable(typeof(Paged<RewardResponse>))]
[JsonSerializable(typeof(Paged<StreetResponse>))]
[JsonSerializable(typeof(Paged<TaskResponse>))]
[JsonSerializable(typeof(Paged<WishResponse>))]
[JsonSerializable(typeof(PartnerChangeRequest))]
[JsonSerializable(typeof(PartnerDetailResponse))]
[JsonSerializable(typeof(PartnerRequest))]
[JsonSerializable(typeof(PartnerResponse))]
[JsonSerializable(typeof(PartyRequest))]
[JsonSerializable(typeof(PasswordSignInRequest))]
[JsonSerializable(typeof(PersonalDataExport))]
[JsonSerializable(typeof(PhotoCreatedResponse))]
[JsonSerializable(typeof(PointsResponse))]
[JsonSerializable(typeof(PostNeedRequest))]
[JsonSerializable(typeof(PrivacyPolicyResponse))]
[JsonSerializable(typeof(ProfileResponse))]
[JsonSerializable(typeof(PublicPartnerResponse))]
[JsonSerializable(typeof(PublishRewardRequest))]
[JsonSerializable(typeof(PublishTaskRequest))]
[JsonSerializable(typeof(RankingResponse))]
[JsonSerializable(typeof(RateServiceRequest))]
[JsonSerializable(typeof(ReadAllResponse))]
[JsonSerializable(typeof(RedeemRequest))]
[JsonSerializable(typeof(RedemptionResponse))]
[JsonSerializable(typeof(RegisterMemberRequest))]
[JsonSerializable(typeof(RejectNeedRequest))]
[JsonSerializable(typeof(ResetPasswordRequest))]
[JsonSerializable(typeof(ReviewPartyRequest))]
[JsonSerializable(typeof(RewardResponse))]
[JsonSerializable(typeof(RunJobRequest))]
[JsonSerializable(typeof(SetCircumstancesRequest))]
[JsonSerializable(typeof(SettlementResponse))]
[JsonSerializable(typeof(SignInResponse))]
[JsonSerializable(typeof(StreetRequest))]
[JsonSerializable(typeof(StreetResponse))]
[JsonSerializable(typeof(SubscriptionsRequest))]
[JsonSerializable(typeof(TaskResponse))]
[JsonSerializable(typeof(UpdateProfileRequest))]
[JsonSerializable(typeof(VerifyClaimRequest))]
[JsonSerializable(typeof(WeChatSignInRequest))]
[JsonSerializable(typeof(WishResponse))]
[JsonSerializable(typeof(BuildingRequest))]
[JsonSerializable(typeof(BuildingResponse))]
[JsonSerializable(typeof(CaredHouseholdsRequest))]
[JsonSerializable(typeof(CentralHouseholdRequest))]
[JsonSerializable(typeof(CentralHouseholdResponse))]
[JsonSerializable(typeof(CreateDepartmentRequest))]
[JsonSerializable(typeof(CreateHouseholdRequest))]
[JsonSerializable(typeof(DefineHonorTitleRequest))]
[JsonSerializable(typeof(DepartmentResponse))]
[JsonSerializable(typeof(DispatchEscalationRequest))]
[JsonSerializable(typeof(EscalationResponse))]
[JsonSerializable(typeof(EscalationStatisticsResponse))]
[JsonSerializable(typeof(GridTree))]
[JsonSerializable(typeof(HonorTitleResponse))]
[JsonSerializable(typeof(HouseholdMemberRequest))]
[JsonSerializable(typeof(HouseholdResponse))]
[JsonSerializable(typeof(IReadOnlyList<DepartmentResponse>))]
[JsonSerializable(typeof(IReadOnlyList<HonorTitleResponse>))]
[JsonSerializable(typeof(NominateRequest))]
[JsonSerializable(typeof(NominationResponse))]
[JsonSerializable(typeof(OpenSurveyRequest))]
[JsonSerializable(typeof(Paged<EscalationResponse>))]
[JsonSerializable(typeof(Paged<HonorAwardResponse>))]
[JsonSerializable(typeof(Paged<HouseholdSummaryResponse>))]
[JsonSerializable(typeof(Paged<NominationResponse>))]
[JsonSerializable(typeof(Paged<SurveyResponse>))]
[JsonSerializable(typeof(PartyGroupRequest))]
[JsonSerializable(typeof(PartyGroupResponse))]
[JsonSerializable(typeof(RaiseEscalationRequest))]
[JsonSerializable(typeof(RateEscalationRequest))]
[JsonSerializable(typeof(RejectNominationRequest))]
[JsonSerializable(typeof(ResolveEscalationRequest))]
[JsonSerializable(typeof(SatisfactionRequest))]
[JsonSerializable(typeof(StatisticsResponse))]
[JsonSerializable(typeof(SurveyAnswerResponse))]
[JsonSerializable(typeof(SurveyResponse))]
[JsonSerializable(typeof(SurveyResultsResponse))]
[JsonSerializable(typeof(UpdateBuildingRequest))]
[JsonSerializable(typeof(UpdateHouseholdRequest))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
