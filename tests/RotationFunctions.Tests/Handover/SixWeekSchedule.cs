namespace RotationFunctions.Tests.Handover;

/// <summary>Six weekly curators of account "sos" on a pipeline, and the tweets they should give.</summary>
internal static class SixWeekSchedule
{
    // Monday 2027-01-04 06:00 UTC = 07:00 in Stockholm, an hour before the first handover.
    public static readonly DateTimeOffset Start = new(2027, 1, 4, 6, 0, 0, TimeSpan.Zero);

    private static readonly (string Key, string Name, string Handle, string Role)[] Curators =
    [
        ("2027-01-04", "Anna Svensson", "anna_sv", "sjuksköterska på akuten"),
        ("2027-01-11", "Bo Ek", "bo_ek", "vaktmästare"),
        ("2027-01-18", "Cia Lund", "cia_lund", "forskare i geriatrik"),
        ("2027-01-25", "Dan Berg", "dan_berg", "konsult inom IT"),
        ("2027-02-01", "Eva Holm", "eva_holm", "barnmorska"),
        ("2027-02-08", "Fia Ny", "fia_ny", "undersköterska"),
    ];

    public static async Task<PipelineEnvironment> StartAsync(AzuriteFixture azurite, XApiStandInOptions? xOptions = null)
    {
        var env = await PipelineEnvironment.StartAsync(azurite, Start, xOptions: xOptions);
        await env.AddAccountAsync();
        foreach (var (key, name, handle, role) in Curators)
        {
            await env.AddSlotAsync(Rows.Slot(key, name, handle, role, account: PipelineEnvironment.AccountId));
        }
        // The last curator leaves at a fixed end, so the schedule has a final outro.
        await env.AddSlotAsync(Rows.Slot("2027-02-08", "Fia Ny", "fia_ny", "undersköterska", account: PipelineEnvironment.AccountId).With("EndsAt", "2027-02-15T08:00"));
        return env;
    }

    public static string Outro(string name, string? nextName, string? nextHandle, string? nextRole) =>
        nextName is null
            ? $"Min vecka på @Sodersjukhuset är slut – tack för alla frågor och samtal! /{name}"
            : $"Min vecka på @Sodersjukhuset är slut – tack för alla frågor och samtal! Nu lämnar jag över till {nextName} (@{nextHandle}), {nextRole}. /{name}";

    public static string Intro(string name, string handle, string role, string start) =>
        $"Hej! Jag heter {name} (@{handle}) och är {role}. Från {start} är det jag som twittrar från @Sodersjukhuset. Jag skriver utifrån min egen roll och talar inte för organisationen.";

    /// <summary>What the first two weeks post: Anna's intro, her outro handing over to Bo, Bo's intro.</summary>
    public static readonly string AnnasIntro = Intro("Anna Svensson", "anna_sv", "sjuksköterska på akuten", "4 januari");
    public static readonly string AnnasOutro = Outro("Anna Svensson", "Bo Ek", "bo_ek", "vaktmästare");
    public static readonly string BosIntro = Intro("Bo Ek", "bo_ek", "vaktmästare", "11 januari");

    private static readonly string[] Starts = ["4 januari", "11 januari", "18 januari", "25 januari", "1 februari", "8 februari"];

    public static List<string> Expected()
    {
        var expected = new List<string>();
        for (var i = 0; i < Curators.Length; i++)
        {
            var c = Curators[i];
            if (i > 0)
            {
                var p = Curators[i - 1];
                expected.Add(Outro(p.Name, c.Name, c.Handle, c.Role));
            }
            expected.Add(Intro(c.Name, c.Handle, c.Role, Starts[i]));
        }
        expected.Add(Outro(Curators[^1].Name, null, null, null));
        return expected;
    }
}
