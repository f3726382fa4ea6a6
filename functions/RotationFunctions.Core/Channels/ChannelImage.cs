namespace RotationFunctions.Channels;

/// <summary>An image a post carries: its bytes, its media type ("image/jpeg", "image/png") and its alt text, which every network publishes with it.</summary>
public sealed record ChannelImage(ReadOnlyMemory<byte> Bytes, string MediaType, string Alt);
