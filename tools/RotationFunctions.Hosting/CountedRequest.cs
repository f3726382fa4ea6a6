namespace RotationFunctions.Hosting;

/// <summary>One request a <see cref="RequestCounter"/> saw: which service, the HTTP method and the path.</summary>
public sealed record CountedRequest(AzureService Service, string Method, string Path);
