namespace RotationFunctions.Portal.Web;

/// <summary>
/// Where the portal lives on its host. The Function App's HTTP trigger has route "portal/{*path}" under
/// the Functions default prefix "api"; Kestrel maps the same prefix, so a link works on both.
/// </summary>
public static class PortalPaths
{
    public const string Prefix = PortalLink.PathPrefix;

    /// <summary>The Function's route (the host adds "api/").</summary>
    public const string FunctionRoute = "portal/{*path}";

    public const string Home = Prefix + "/";
    public const string Accept = Prefix + "/accept";
    public const string Check = Prefix + "/check";
    public const string Post = Prefix + "/post";
    public const string Delete = Prefix + "/delete";
    public const string Style = Prefix + "/portal.css";
    public const string LinkPrefix = Prefix + "/l/";
}
