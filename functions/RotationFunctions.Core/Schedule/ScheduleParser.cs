using RotationFunctions.Guard;

namespace RotationFunctions.Schedule;

/// <summary>Turns hand-edited table rows into accounts and slots, reporting every problem it meets.</summary>
internal static class ScheduleParser
{
    private static readonly HashSet<string> SystemProperties = new(StringComparer.Ordinal)
    {
        "PartitionKey", "RowKey", "Timestamp", "odata.etag", "ETag",
    };

    /// <summary>
    /// Parses an account row; its problems go to <paramref name="problems"/> and into the result. Null only
    /// for a row outside the accounts' partition, which is not an account at all.
    /// </summary>
    public static AccountSettings? ParseAccount(TableEntity row, ScheduleOptions options, List<ScheduleProblem> problems)
    {
        var id = row.RowKey;
        var own = new List<ScheduleProblem>();
        var sink = new ProblemSink(ScheduleProblem.AccountsTable, id, null, own);
        AccountSettings? account = null;
        if (row.PartitionKey != StorageNames.AccountPartition)
        {
            sink.Error("PartitionKey", $"must be '{StorageNames.AccountPartition}' for every account row, not '{row.PartitionKey}'.");
        }
        else
        {
            account = ParseAccountFields(row, options, sink) with { Problems = own };
        }
        problems.AddRange(own);
        return account;
    }

    private static AccountSettings ParseAccountFields(TableEntity row, ScheduleOptions options, ProblemSink sink)
    {
        var id = row.RowKey;
        if (!ScheduleFields.IsValidAccountId(id))
        {
            sink.Error("RowKey", $"'{id}' is not a valid account id: use 1–50 lowercase letters, digits and '-', starting and ending with a letter or digit.");
        }
        WarnUnknownColumns(row, [.. ScheduleFields.Account.All, .. ScheduleFields.Account.Managed], sink);

        var handle = EntityFields.String(row, ScheduleFields.Account.XHandle, sink);
        string? normalizedHandle = null;
        if (!string.IsNullOrWhiteSpace(handle) && !ScheduleFields.TryNormalizeHandle(handle, out normalizedHandle))
        {
            sink.Error(ScheduleFields.Account.XHandle, $"'{handle}' is not an X handle: 1–15 letters, digits or '_'.");
            normalizedHandle = null;
        }

        var zoneText = EntityFields.String(row, ScheduleFields.Account.TimeZone, sink);
        TimeZoneInfo? zone = null;
        if (string.IsNullOrWhiteSpace(zoneText))
        {
            sink.Error(ScheduleFields.Account.TimeZone, "is empty: set the account's IANA time zone, e.g. Europe/Stockholm.");
        }
        else if (!LocalTimes.TryFindIanaZone(zoneText, out var found))
        {
            sink.Error(ScheduleFields.Account.TimeZone, $"'{zoneText}' is not an IANA time zone name (like Europe/Stockholm or America/New_York).");
        }
        else
        {
            zone = found;
        }

        var timeText = EntityFields.String(row, ScheduleFields.Account.HandoverTime, sink);
        var handoverTime = TimeOnly.ParseExact(options.DefaultHandoverTime, "HH:mm", CultureInfo.InvariantCulture);
        if (!string.IsNullOrWhiteSpace(timeText)
            && !TimeOnly.TryParseExact(timeText.Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out handoverTime))
        {
            sink.Error(ScheduleFields.Account.HandoverTime, $"'{timeText}' is not a time of day; write it as HH:mm, e.g. 08:00.");
        }

        var language = EntityFields.String(row, ScheduleFields.Account.Language, sink)?.Trim();
        if (string.IsNullOrEmpty(language))
        {
            sink.Warning(ScheduleFields.Account.Language, "is empty: the account's tweets use English (en).");
            language = "en";
        }
        else if (!TemplateVocabulary.IsLanguage(language))
        {
            sink.Error(ScheduleFields.Account.Language, $"'{language}' is not a supported language; use one of: {string.Join(", ", TemplateVocabulary.Languages)}.");
        }

        var intro = Template(row, ScheduleFields.Account.IntroTemplate, sink);
        var outro = Template(row, ScheduleFields.Account.OutroTemplate, sink);
        var outroAlone = Template(row, ScheduleFields.Account.OutroTemplateNoSuccessor, sink);
        var enabled = EntityFields.Bool(row, ScheduleFields.Account.Enabled, sink) ?? true;
        var dryRun = EntityFields.Bool(row, ScheduleFields.Account.DryRun, sink) ?? false;
        // A mistyped entry is a warning, not an error: the guard then blocks more, never less, and the
        // account's handovers go on.
        var guard = GuardRules.Parse(
            EntityFields.String(row, ScheduleFields.Account.BlockedTerms, sink),
            EntityFields.String(row, ScheduleFields.Account.AllowedNumbers, sink),
            out var guardProblems);
        foreach (var (field, message) in guardProblems)
        {
            sink.Warning(field, message);
        }
        var adminEmails = new List<string>();
        foreach (var email in (EntityFields.String(row, ScheduleFields.Account.AdminEmails, sink) ?? "")
                     .Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (ScheduleFields.IsEmail(email))
            {
                adminEmails.Add(email);
            }
            else
            {
                sink.Error(ScheduleFields.Account.AdminEmails, $"'{email}' is not an e-mail address; write plain addresses separated by commas, e.g. kommunikation@sodersjukhuset.se.");
            }
        }

        var feedback = EntityFields.String(row, ScheduleFields.Account.FeedbackUrl, sink)?.Trim();
        if (!string.IsNullOrEmpty(feedback) && !(Uri.TryCreate(feedback, UriKind.Absolute, out var feedbackUri) && feedbackUri.Scheme is "https" or "http"))
        {
            // A warning: the thank-you notice goes out without the link rather than the account stopping.
            sink.Warning(ScheduleFields.Account.FeedbackUrl, $"'{feedback}' is not a web address; write a full https:// address, e.g. https://forms.office.com/r/abc. The thank-you notice leaves it out.");
            feedback = null;
        }

        // A row with errors is still read whole (UTC standing in for a zone it lacks): token rotation
        // needs its Enabled and token state, and nothing is planned for it while it has errors.
        var channels = ChannelFields.Channels(row, sink);
        return new AccountSettings
        {
            Id = id,
            Channels = channels,
            MastodonInstance = ChannelFields.MastodonInstance(row, channels, sink),
            MastodonMaxCharacters = ChannelFields.MastodonMaxCharacters(row, sink),
            CuratorAccess = ChannelFields.CuratorAccess(row, channels, sink),
            XHandle = normalizedHandle,
            XUserId = EntityFields.String(row, ScheduleFields.Account.XUserId, sink),
            TimeZone = zone ?? TimeZoneInfo.Utc,
            HandoverTime = handoverTime,
            Language = language.ToLowerInvariant(),
            IntroTemplate = intro,
            OutroTemplate = outro,
            OutroTemplateNoSuccessor = outroAlone,
            Enabled = enabled,
            DryRun = dryRun,
            Guard = guard,
            AdminEmails = adminEmails,
            Guidelines = EntityFields.String(row, ScheduleFields.Account.Guidelines, sink) is { Length: > 0 } guidelines ? guidelines : null,
            FeedbackUrl = string.IsNullOrEmpty(feedback) ? null : feedback,
            CuratorEmailRetentionDays = NoticeFields.Days(row, ScheduleFields.Account.CuratorEmailRetentionDays, NoticeFields.DefaultEmailRetentionDays, "how long after a slot its curator's e-mail address is kept", sink)!.Value,
            PostAuditRetentionDays = NoticeFields.Days(row, ScheduleFields.Account.PostAuditRetentionDays, null, "how long after a slot its posts' audit is kept; empty keeps it", sink),
            TokenState = EntityFields.Lenient(row, ScheduleFields.Account.TokenState)?.ToString(),
            TokenStateReason = EntityFields.Lenient(row, ScheduleFields.Account.TokenStateReason)?.ToString(),
            TokenStateAt = EntityFields.LenientInstant(row, ScheduleFields.Account.TokenStateAt),
            TokenExpiresAt = EntityFields.LenientInstant(row, ScheduleFields.Account.TokenExpiresAt),
            XCreditsExhaustedAt = EntityFields.LenientInstant(row, ScheduleFields.Account.XCreditsExhaustedAt),
            RetentionRunAt = EntityFields.LenientInstant(row, ScheduleFields.Account.RetentionRunAt),
        };
    }

    /// <summary>Parses one slot row; returns null only when the row cannot be placed in time.</summary>
    public static Slot? ParseSlot(TableEntity row, AccountSettings account, List<ScheduleProblem> problems)
    {
        var sink = new ProblemSink(ScheduleProblem.ScheduleTable, account.Id, row.RowKey, problems);
        WarnUnknownColumns(row, [.. ScheduleFields.Slot.All, .. ScheduleFields.Slot.Managed], sink);

        var name = RequiredText(row, ScheduleFields.Slot.CuratorName, "the curator's name", sink, maxLength: 50);
        var role = RequiredText(row, ScheduleFields.Slot.Role, "the curator's role, e.g. 'sjuksköterska på akuten'", sink, maxLength: 100);
        var topic = OptionalText(row, ScheduleFields.Slot.Topic, sink);
        var email = OptionalText(row, ScheduleFields.Slot.CuratorEmail, sink);
        if (email is not null && !ScheduleFields.IsEmail(email))
        {
            sink.Error(ScheduleFields.Slot.CuratorEmail, $"'{email}' is not an e-mail address; write one plain address, e.g. anna.svensson@regionstockholm.se.");
            email = null;
        }

        var handlePresent = row.TryGetValue(ScheduleFields.Slot.CuratorHandle, out var rawHandle) && rawHandle is not null;
        var handleText = EntityFields.String(row, ScheduleFields.Slot.CuratorHandle, sink);
        var handle = "";
        if (handlePresent && handleText is null)
        {
            // Wrong type, already reported.
        }
        else if (string.IsNullOrWhiteSpace(handleText))
        {
            sink.Error(ScheduleFields.Slot.CuratorHandle, "is empty: fill in the curator's X handle, e.g. @anna_svensson.");
        }
        else if (!ScheduleFields.TryNormalizeHandle(handleText, out handle))
        {
            sink.Error(ScheduleFields.Slot.CuratorHandle,
                handle.Length > 15
                    ? $"'{handleText}' is {handle.Length} characters; X handles are at most 15."
                    : $"'{handleText}' is not an X handle: only letters A–Z, digits and '_' (1–15 of them).");
            handle = "";
        }

        var language = EntityFields.String(row, ScheduleFields.Slot.Language, sink)?.Trim();
        if (!string.IsNullOrEmpty(language) && !TemplateVocabulary.IsLanguage(language))
        {
            sink.Error(ScheduleFields.Slot.Language, $"'{language}' is not a supported language; use one of: {string.Join(", ", TemplateVocabulary.Languages)}.");
            language = null;
        }

        var approved = EntityFields.Bool(row, ScheduleFields.Slot.Approved, sink) ?? false;
        var introText = Template(row, ScheduleFields.Slot.IntroText, sink);
        var outroText = Template(row, ScheduleFields.Slot.OutroText, sink);

        // Time: the RowKey's date at the account's handover time unless StartsAt says otherwise.
        if (!ScheduleFields.TryParseRowKeyDate(row.RowKey, out var date))
        {
            sink.Error("RowKey", $"'{row.RowKey}' does not start with a real date: name each row by the slot's local start date, YYYY-MM-DD (e.g. 2027-01-04 or 2027-01-04-anna).");
            return null;
        }
        var errorsBefore = sink.ErrorCount;
        var startValue = EntityFields.DateTime(row, ScheduleFields.Slot.StartsAt, sink);
        if (sink.ErrorCount > errorsBefore)
        {
            return null; // an unreadable StartsAt: the row cannot be placed in time
        }
        var (startsAt, adjustment) = startValue switch
        {
            { Instant: { } instant } => (instant, LocalTimes.Adjustment.None),
            { Local: { } local } => LocalTimes.Resolve(local, account.TimeZone),
            _ => LocalTimes.Resolve(date.ToDateTime(account.HandoverTime), account.TimeZone),
        };
        ReportDst(adjustment, ScheduleFields.Slot.StartsAt, startsAt, account, sink);
        var localStartDate = LocalTimes.LocalDate(startsAt, account.TimeZone);
        if (startValue is not null && localStartDate != date)
        {
            sink.Error(ScheduleFields.Slot.StartsAt,
                $"starts on {ScheduleFields.RowKeyOf(localStartDate)} in {account.TimeZone.Id} but the RowKey says {ScheduleFields.RowKeyOf(date)}; the RowKey must be the slot's local start date.");
        }

        var endValue = EntityFields.DateTime(row, ScheduleFields.Slot.EndsAt, sink);
        DateTimeOffset? endsAt = null;
        if (endValue is not null)
        {
            var (end, endAdjustment) = endValue.Value.Instant is { } i ? (i, LocalTimes.Adjustment.None) : LocalTimes.Resolve(endValue.Value.Local!.Value, account.TimeZone);
            ReportDst(endAdjustment, ScheduleFields.Slot.EndsAt, end, account, sink);
            if (end <= startsAt)
            {
                sink.Error(ScheduleFields.Slot.EndsAt, $"ends at {Format(end, account)}, not after the slot starts ({Format(startsAt, account)}).");
            }
            else
            {
                endsAt = end;
            }
        }

        return new Slot
        {
            AccountId = account.Id,
            RowKey = row.RowKey,
            Date = date,
            StartsAt = startsAt,
            ExplicitEndsAt = endsAt,
            EndsAt = endsAt,
            CuratorName = name ?? "",
            CuratorHandle = handle,
            Role = role ?? "",
            Topic = topic,
            CuratorEmail = email,
            CuratorBlueskyHandle = ChannelFields.BlueskyHandle(row, sink),
            CuratorMastodonHandle = ChannelFields.MastodonHandle(row, sink),
            Language = language,
            Approved = approved,
            AcceptedAt = EntityFields.LenientInstant(row, ScheduleFields.Slot.AcceptedAt),
            AcceptedGuidelinesVersion = EntityFields.Lenient(row, ScheduleFields.Slot.GuidelinesVersion)?.ToString(),
            IntroText = introText,
            OutroText = outroText,
            HasErrors = sink.ErrorCount > 0,
        };
    }

    public static string Format(DateTimeOffset instant, AccountSettings account) =>
        TimeZoneInfo.ConvertTime(instant, account.TimeZone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static void ReportDst(LocalTimes.Adjustment adjustment, string field, DateTimeOffset resolved, AccountSettings account, ProblemSink sink)
    {
        switch (adjustment)
        {
            case LocalTimes.Adjustment.MovedForwardOutOfGap:
                sink.Warning(field, $"the local time does not exist in {account.TimeZone.Id} (clocks spring forward); the slot uses {Format(resolved, account)}, the first valid time after it.");
                break;
            case LocalTimes.Adjustment.FirstOfAmbiguous:
                sink.Warning(field, $"the local time occurs twice in {account.TimeZone.Id} (clocks fall back); the slot uses the first occurrence, {resolved.ToUniversalTime():yyyy-MM-dd HH:mm} UTC.");
                break;
        }
    }

    private static string? RequiredText(TableEntity row, string field, string what, ProblemSink sink, int maxLength)
    {
        var present = row.TryGetValue(field, out var raw) && raw is not null;
        var text = EntityFields.String(row, field, sink);
        if (present && text is null)
        {
            return null; // wrong type, already reported
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            sink.Error(field, $"is empty: fill in {what}.");
            return null;
        }
        text = text.Trim();
        if (ScheduleFields.FindInvisible(text) is { } invisible)
        {
            sink.Error(field, $"contains an invisible or control character ({invisible}); retype the value without it.");
            return null;
        }
        if (text.Length > maxLength)
        {
            sink.Error(field, $"is {text.Length} characters; keep it to {maxLength}.");
        }
        return text;
    }

    private static string? OptionalText(TableEntity row, string field, ProblemSink sink)
    {
        var text = EntityFields.String(row, field, sink)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (ScheduleFields.FindInvisible(text) is { } invisible)
        {
            sink.Error(field, $"contains an invisible or control character ({invisible}); retype the value without it.");
            return null;
        }
        return text;
    }

    private static string? Template(TableEntity row, string field, ProblemSink sink)
    {
        var text = EntityFields.String(row, field, sink);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var unknown = TemplateVocabulary.UnknownPlaceholders(text);
        if (unknown.Count > 0)
        {
            sink.Error(field, $"uses unknown placeholder(s) {string.Join(", ", unknown.Select(u => "{" + u + "}"))}; known: {string.Join(" ", TemplateVocabulary.Placeholders.Keys.Select(k => "{" + k + "}"))}.");
            return null;
        }
        return text;
    }

    private static void WarnUnknownColumns(TableEntity row, IReadOnlyCollection<string> known, ProblemSink sink)
    {
        foreach (var key in row.Keys)
        {
            if (SystemProperties.Contains(key) || key.EndsWith("@odata.type", StringComparison.Ordinal) || known.Contains(key))
            {
                continue;
            }
            var suggestion = known.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase))
                ?? known.OrderBy(k => Distance(k.ToUpperInvariant(), key.ToUpperInvariant())).First();
            var hint = Distance(suggestion.ToUpperInvariant(), key.ToUpperInvariant()) <= 3 ? $" Did you mean {suggestion}?" : "";
            sink.Warning(key, $"is not a column the app reads; it is ignored.{hint}");
        }
    }

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
        }
        return d[a.Length, b.Length];
    }
}
