namespace Volunteer.Infrastructure.Privacy;

/// <summary>Configuration section <c>Privacy</c>: the privacy policy (隐私政策) members accept at sign-in.</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>The current version; a member who accepted an older one is asked again.</summary>
    public string PolicyVersion { get; set; } = "2026-11";

    public string PolicyText { get; set; } =
        "本平台仅为社区志愿服务与互助使用您的个人信息：姓名、手机号、所属社区与网格用于任务认领、服务核验和积分记账；" +
        "困难情况（低保、残疾、独居、高龄）仅本社区工作人员和被接受认领的志愿者可见。积分明细按哈希链保存，可公开校验。" +
        "您可以随时导出本平台保存的全部个人信息，或申请注销：注销后姓名、手机号、地址、微信标识和困难情况将被删除，" +
        "积分记录以匿名方式保留，以保证公示数据完整。";

    internal bool IsValid => !string.IsNullOrWhiteSpace(PolicyVersion) && PolicyVersion.Length <= 32 && !string.IsNullOrWhiteSpace(PolicyText);
}
