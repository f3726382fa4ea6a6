using RotationFunctions.StandIns.XApi;

namespace RotationFunctions.Chaos;

/// <summary>
/// Exactly once, in order, never early, judged from X's own record of the posts it accepted (the
/// stand-in's, not the app's Handovers rows): whatever the worker believes it did, a step that is on X
/// twice, with the same text or with two texts, is a violation.
/// </summary>
public static class ExactlyOnce
{
    /// <summary>
    /// The violations of one account's <paramref name="tweets"/> (deleted ones are not on X) against its
    /// <paramref name="handovers"/>. <paramref name="missed"/> says whether the app was down across a
    /// boundary's whole catch-up window (true: nothing may be posted; null: at the edge, all or nothing).
    /// </summary>
    public static List<(string Where, string What)> Judge(
        string accountId, IReadOnlyList<ExpectedHandover> handovers, IReadOnlyList<XTweet> tweets, Func<ExpectedHandover, bool?> missed)
    {
        var violations = new List<(string, string)>();
        var live = tweets.Where(t => !t.Deleted).ToList();
        var owner = Owners(handovers, live);
        var explained = new HashSet<string>(StringComparer.Ordinal);

        foreach (var h in handovers)
        {
            var found = ExpectedHandover.Steps
                .Select(step => (Step: step, Candidates: h.Candidates(step)))
                .Select(s => (s.Step, s.Candidates, Tweets: live
                    .Where(t => owner.GetValueOrDefault(t) == h && s.Candidates.Contains(t.Text, StringComparer.Ordinal))
                    .OrderBy(t => t.Id.PadLeft(20, '0'), StringComparer.Ordinal).ToList()))
                .ToList();
            explained.UnionWith(found.SelectMany(f => f.Candidates));

            var isMissed = missed(h);
            if (isMissed == true)
            {
                foreach (var (step, _, list) in found.Where(f => f.Tweets.Count > 0))
                {
                    violations.Add((h.Id, $"the app was down from before the boundary until after its catch-up window, yet its {step} was posted at {list[0].CreatedAt:O} ({(list[0].CreatedAt - h.At).TotalHours:0.#} h late)"));
                }
                continue;
            }
            if (isMissed is null && found.All(f => f.Tweets.Count == 0))
            {
                continue;
            }
            foreach (var (step, candidates, list) in found)
            {
                if (list.Count == 0 && h.Required(step))
                {
                    violations.Add((h.Id, $"{step} never posted: \"{Abbreviate(candidates[0])}\""));
                }
                else if (list.Count > 1)
                {
                    var texts = list.Select(t => t.Text).Distinct(StringComparer.Ordinal).ToList();
                    violations.Add((h.Id, texts.Count == 1
                        ? $"{step} posted {list.Count} times (at {string.Join(", ", list.Select(t => t.CreatedAt.ToString("O")))})"
                        : $"{step} posted {list.Count} times with {texts.Count} different texts (the step's text changed between attempts): " +
                          string.Join(" / ", list.Select(t => $"at {t.CreatedAt:O} \"{Abbreviate(t.Text)}\""))));
                }
                foreach (var t in list.Where(t => t.CreatedAt < h.At))
                {
                    violations.Add((h.Id, $"{step} posted at {t.CreatedAt:O}, before its boundary"));
                }
            }
            if (found[0].Tweets.Count > 0 && found[1].Tweets.Count > 0 &&
                string.CompareOrdinal(found[0].Tweets[0].Id.PadLeft(20, '0'), found[1].Tweets[0].Id.PadLeft(20, '0')) > 0)
            {
                violations.Add((h.Id, $"intro posted at {found[1].Tweets[0].CreatedAt:O} before the outro at {found[0].Tweets[0].CreatedAt:O}"));
            }
        }

        foreach (var tweet in live.Where(t => !explained.Contains(t.Text)))
        {
            violations.Add(($"{accountId}/?", $"tweet posted at {tweet.CreatedAt:O} belongs to no boundary of the schedule as it was while that boundary's handover could run: \"{Abbreviate(tweet.Text)}\""));
        }
        return violations;
    }

    /// <summary>
    /// The handover each tweet belongs to: of those it is a candidate text of, the latest whose boundary is not
    /// after the tweet (a slot's own outro text repeats when its end moves), else the earliest (posted early).
    /// </summary>
    private static Dictionary<XTweet, ExpectedHandover> Owners(IReadOnlyList<ExpectedHandover> handovers, List<XTweet> tweets)
    {
        var byText = new Dictionary<string, List<ExpectedHandover>>(StringComparer.Ordinal);
        foreach (var h in handovers)
        {
            foreach (var text in ExpectedHandover.Steps.SelectMany(h.Candidates).Distinct(StringComparer.Ordinal))
            {
                (byText.TryGetValue(text, out var list) ? list : byText[text] = []).Add(h);
            }
        }
        var owners = new Dictionary<XTweet, ExpectedHandover>();
        foreach (var t in tweets)
        {
            if (byText.TryGetValue(t.Text, out var list))
            {
                owners[t] = list.Where(h => h.At <= t.CreatedAt).MaxBy(h => h.At) ?? list.MinBy(h => h.At)!;
            }
        }
        return owners;
    }

    internal static string Abbreviate(string text) => text.Length <= 90 ? text : text[..87] + "...";
}
