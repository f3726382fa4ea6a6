namespace RotationFunctions.Notices;

/// <summary>Azure Communication Services Email (section Notices:Acs), the production sender. Checked by <see cref="NoticeOptions"/> when the sender is Acs.</summary>
public sealed class AcsEmailOptions
{
    /// <summary>The Communication Services resource's endpoint, e.g. https://acs-rotation.europe.communication.azure.com/.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The Email REST API version (GA since 2023-03-31).</summary>
    public string ApiVersion { get; set; } = "2023-03-31";

    /// <summary>How long one send may take before the attempt counts as an outage (it is repeatable: the same Operation-Id).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
