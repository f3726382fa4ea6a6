using RotationFunctions.Schedule;

namespace RotationFunctions.Channels;

/// <summary>The publishers this app has, one per channel; a channel an account names but the app was not set up for has none.</summary>
public sealed class ChannelPublishers(IEnumerable<IChannelPublisher> publishers)
{
    private readonly Dictionary<Channel, IChannelPublisher> _byChannel = publishers.GroupBy(p => p.Channel).ToDictionary(g => g.Key, g => g.Last());

    public IChannelPublisher? Get(Channel channel) => _byChannel.GetValueOrDefault(channel);
}
