namespace RotationFunctions.Portal.Web;

/// <summary>Every word the pages show, in Swedish and English; the slot's language picks one.</summary>
internal sealed record PortalTexts
{
    public required string Lang { get; init; }
    public required string Title { get; init; }
    public required string NotFoundTitle { get; init; }
    public required string NotFound { get; init; }
    public required string EndedTitle { get; init; }
    public required string Ended { get; init; }
    public required string Hello { get; init; }
    public required string YourWeek { get; init; }
    public required string GuidelinesHeading { get; init; }
    public required string GuidelinesIntro { get; init; }
    public required string AcceptButton { get; init; }
    public required string Accepted { get; init; }
    public required string NotStarted { get; init; }
    public required string ComposeHeading { get; init; }
    public required string TextLabel { get; init; }
    public required string CheckButton { get; init; }
    public required string PostButton { get; init; }
    public required string Length { get; init; }
    public required string GuardClear { get; init; }
    public required string GuardBlocked { get; init; }
    public required string Posted { get; init; }
    public required string AlreadyPosted { get; init; }
    public required string InProgress { get; init; }
    public required string Empty { get; init; }
    public required string TooLong { get; init; }
    public required string NotAllowed { get; init; }
    public required string FailedRetry { get; init; }
    /// <summary>{0}: posts in the last hour; {1}: minutes until the next may go.</summary>
    public required string TooManyPosts { get; init; }
    public required string DeleteButton { get; init; }
    public required string Deleted { get; init; }
    /// <summary>{0}: the networks that did not delete the post ("Mastodon", "X och Bluesky").</summary>
    public required string DeleteFailed { get; init; }
    /// <summary>{0}: the networks the post was deleted from on this try.</summary>
    public required string DeletedFrom { get; init; }
    /// <summary>Joins the last two names of a list ("X och Mastodon").</summary>
    public required string And { get; init; }
    /// <summary>A post's state in the list, by <c>PostStatus</c>.</summary>
    public required IReadOnlyDictionary<string, string> Statuses { get; init; }
    public required string TooManyLookupsTitle { get; init; }
    /// <summary>{0}: minutes until links open again from this address.</summary>
    public required string TooManyLookups { get; init; }
    public required string Failed { get; init; }
    public required string YourPosts { get; init; }
    public required string NoPosts { get; init; }
    public required string PostingClosed { get; init; }
    public required string MentionsHeading { get; init; }
    public required string NoMentions { get; init; }
    public required string MentionsUnavailable { get; init; }
    /// <summary>{0}: the author's @handle.</summary>
    public required string ReplyLabel { get; init; }
    public required string ReplyButton { get; init; }
    public required string ReplyNotAllowed { get; init; }
    public required string SomeoneOnX { get; init; }
    public required string IsReply { get; init; }
    /// <summary>{0}: seconds until the portal may look on X.</summary>
    public required string Checking { get; init; }
    public required string ImagesHeading { get; init; }
    /// <summary>{0}: the image's number.</summary>
    public required string ImageLabel { get; init; }
    public required string AltLabel { get; init; }
    public required string NobodyIdentifiable { get; init; }
    public required string ImagesNotAllowed { get; init; }
    /// <summary>Images are offered for the other networks while X's authorization lacks media.write.</summary>
    public required string ImagesNotOnX { get; init; }
    public required IReadOnlyDictionary<ImageProblem, string> ImageProblems { get; init; }
    public required string Personnummer { get; init; }
    public required string Samordningsnummer { get; init; }
    public required string Phone { get; init; }
    public required string Term { get; init; }
    public required string At { get; init; }
    public required string Line { get; init; }
    public required string Character { get; init; }
    public required string ChannelsLegend { get; init; }
    /// <summary>{0}: the channel's name.</summary>
    public required string ChannelTooLong { get; init; }
    public required string NoChannel { get; init; }
    public required string ChannelInvalid { get; init; }
    public required string PartlyPosted { get; init; }
    /// <summary>Per channel in a post's result list, by PostOutcomeKind name; {0}: the channel.</summary>
    public required IReadOnlyDictionary<PostOutcomeKind, string> ChannelResults { get; init; }
    public required string ChannelFailedRetry { get; init; }
    /// <summary>{0}: the image's number.</summary>
    public required string ImageTooLargeForBluesky { get; init; }
    /// <summary>An image the account's Mastodon instance would refuse, by ImageProblem; {0}: the image's number, {1}: the instance's limit.</summary>
    public required IReadOnlyDictionary<ImageProblem, string> MastodonImageProblems { get; init; }
    public required string OpenPost { get; init; }
    public required string ChannelMentionsUnavailable { get; init; }
    /// <summary>{0}: the network.</summary>

    public static PortalTexts For(string? language) => language == "sv" ? Swedish : English;

    public static readonly PortalTexts Swedish = new()
    {
        ChannelsLegend = "Publicera på",
        ChannelTooLong = "Texten är för lång för {0}: {1} av {2} tecken. Inget publicerades.",
        NoChannel = "Välj minst ett nätverk att publicera på.",
        ChannelInvalid = "Formuläret nämner ett nätverk som kontot inte publicerar på. Inget publicerades.",
        PartlyPosted = "Inlägget kom inte ut överallt. Skicka samma formulär igen om en stund: det publiceras bara där det saknas.",
        ChannelResults = new Dictionary<PostOutcomeKind, string>
        {
            [PostOutcomeKind.Posted] = "{0}: publicerat",
            [PostOutcomeKind.AlreadyPosted] = "{0}: redan publicerat",
            [PostOutcomeKind.InProgress] = "{0}: publiceras just nu",
            [PostOutcomeKind.Checking] = "{0}: kan redan vara publicerat; portalen tittar efter det",
            [PostOutcomeKind.Failed] = "{0}: misslyckades – nätverket tog inte emot inlägget",
            [PostOutcomeKind.NotPosted] = "{0}: inte publicerat",
        },
        ChannelFailedRetry = "{0}: misslyckades – nätverket svarade inte; försök igen om en stund",
        ImageTooLargeForBluesky = "Bild {0} är större än 1 000 000 byte, gränsen på Bluesky. Välj en mindre bild eller bocka ur Bluesky. Inget publicerades.",
        MastodonImageProblems = new Dictionary<ImageProblem, string>
        {
            [ImageProblem.TooManyForMastodon] = "Mastodon-instansen tar högst {1} bilder per inlägg. Ta bort bilder eller bocka ur Mastodon. Inget publicerades.",
            [ImageProblem.NotSupportedOnMastodon] = "Bild {0} är av en typ som Mastodon-instansen inte tar emot. Välj en annan bild eller bocka ur Mastodon. Inget publicerades.",
            [ImageProblem.TooLargeForMastodon] = "Bild {0} är större än {1} byte, gränsen på Mastodon-instansen. Välj en mindre bild eller bocka ur Mastodon. Inget publicerades.",
            [ImageProblem.AltTextTooLongForMastodon] = "Bildbeskrivningen till bild {0} är längre än {1} tecken, gränsen på Mastodon-instansen. Korta den eller bocka ur Mastodon. Inget publicerades.",
        },
        OpenPost = "visa",
        ChannelMentionsUnavailable = "Bluesky eller Mastodon svarade inte just nu; listan kan sakna omnämnanden därifrån.",
        Lang = "sv",
        Title = "Veckans kurator",
        NotFoundTitle = "Sidan finns inte",
        NotFound = "Länken fungerar inte. Kontrollera att du har kopierat hela länken från ditt mejl.",
        EndedTitle = "Din vecka är slut",
        Ended = "Tack för din vecka! Länken fungerar inte längre. Hör av dig till kommunikationsavdelningen om du behöver något.",
        Hello = "Hej {0}!",
        YourWeek = "Din vecka på {0}: {1} – {2}.",
        GuidelinesHeading = "Riktlinjer",
        GuidelinesIntro = "Läs riktlinjerna och godkänn dem innan din vecka börjar.",
        AcceptButton = "Jag godkänner",
        Accepted = "Du har godkänt riktlinjerna.",
        NotStarted = "Du kan skriva inlägg när din vecka börjar, {0}.",
        ComposeHeading = "Skriv ett inlägg",
        TextLabel = "Text",
        CheckButton = "Kontrollera",
        PostButton = "Publicera",
        Length = "Längd: {0} av {1}.",
        GuardClear = "Inga personuppgifter hittades.",
        GuardBlocked = "Texten kan inte publiceras: den innehåller {0}. Ta bort det och försök igen.",
        Posted = "Publicerat.",
        AlreadyPosted = "Inlägget är redan publicerat.",
        InProgress = "Inlägget publiceras just nu.",
        Empty = "Skriv något först.",
        TooLong = "Texten är för lång.",
        NotAllowed = "Du kan inte publicera just nu.",
        FailedRetry = "X svarade inte. Försök igen om en stund; inlägget publiceras inte två gånger.",
        TooManyPosts = "Du har gjort {0} inlägg den senaste timmen, så många som kontot tillåter. Försök igen om {1} minuter; texten finns kvar här.",
        TooManyLookupsTitle = "För många försök",
        DeleteButton = "Ta bort inlägget",
        Deleted = "Inlägget är borttaget från alla nätverk där det publicerades.",
        DeleteFailed = "{0} tog inte bort inlägget; det kan finnas kvar där. Försök igen om en stund.",
        DeletedFrom = "Borttaget från {0}.",
        And = "och",
        Statuses = new Dictionary<string, string> { ["claimed"] = "publiceras", ["posted"] = "publicerat", ["failed"] = "misslyckades", ["deleted"] = "borttaget" },
        TooManyLookups = "Många länkar som inte finns har öppnats från din adress. Försök igen om {0} minuter, eller be kommunikationsavdelningen om en ny länk.",
        Failed = "X tog inte emot inlägget. Hör av dig till kommunikationsavdelningen.",
        YourPosts = "Dina inlägg",
        NoPosts = "Inga inlägg ännu.",
        PostingClosed = "Du kan inte längre publicera inlägg.",
        MentionsHeading = "Omnämnanden sedan din vecka började",
        NoMentions = "Ingen har nämnt kontot sedan din vecka började.",
        MentionsUnavailable = "X svarade inte just nu; listan kan sakna de senaste omnämnandena.",
        ReplyLabel = "Svar till {0}",
        ReplyButton = "Svara",
        ReplyNotAllowed = "X tillåter bara svar på inlägg där författaren har nämnt kontot. Svaret publicerades inte.",
        SomeoneOnX = "någon på X",
        IsReply = "svar",
        Checking = "X kan redan ha publicerat inlägget. Portalen tittar efter det på X om {0} sekunder: försök igen då. Det publiceras inte två gånger.",
        ImagesHeading = "Bilder (högst 4, JPEG eller PNG, högst 5 MB var)",
        ImageLabel = "Bild {0}",
        AltLabel = "Bildbeskrivning (krävs, läses upp för den som inte ser bilden)",
        NobodyIdentifiable = "Ingen patient eller annan person kan identifieras på bilderna.",
        ImagesNotAllowed = "Kontot kan bara publicera text just nu: X-behörigheten saknar bilder (media.write). Be kommunikationsavdelningen att godkänna kontot på nytt.",
        ImagesNotOnX = "På X kan kontot bara publicera text just nu: X-behörigheten saknar bilder (media.write). Bocka ur X för att publicera bilder på de andra nätverken.",
        ImageProblems = new Dictionary<ImageProblem, string>
        {
            [ImageProblem.TooMany] = "Högst 4 bilder per inlägg. Inget publicerades.",
            [ImageProblem.TooLarge] = "En bild är större än 5 MB. Inget publicerades.",
            [ImageProblem.NotAnImage] = "En fil är inte en JPEG- eller PNG-bild. Inget publicerades.",
            [ImageProblem.MissingAltText] = "Varje bild behöver en bildbeskrivning. Inget publicerades.",
            [ImageProblem.AltTextTooLong] = "En bildbeskrivning är längre än 1 000 tecken. Inget publicerades.",
            [ImageProblem.NotConfirmed] = "Bekräfta att ingen kan identifieras på bilderna. Inget publicerades.",
            [ImageProblem.AltTextBlocked] = "En bildbeskrivning innehåller personuppgifter (ett personnummer, ett telefonnummer eller ett blockerat ord). Inget publicerades.",
            [ImageProblem.TooLargeForBluesky] = "En bild är större än 1 000 000 byte, gränsen på Bluesky. Inget publicerades.",
            [ImageProblem.TooManyForMastodon] = "Mastodon-instansen tar inte så många bilder. Inget publicerades.",
            [ImageProblem.NotSupportedOnMastodon] = "En bild är av en typ som Mastodon-instansen inte tar emot. Inget publicerades.",
            [ImageProblem.TooLargeForMastodon] = "En bild är större än gränsen på Mastodon-instansen. Inget publicerades.",
            [ImageProblem.AltTextTooLongForMastodon] = "En bildbeskrivning är längre än gränsen på Mastodon-instansen. Inget publicerades.",
            [ImageProblem.ImagesGone] = "Bilderna till inlägget finns inte kvar (de togs bort när inlägget var publicerat överallt). Välj dem igen. Inget publicerades.",
        },
        Personnummer = "ett personnummer",
        Samordningsnummer = "ett samordningsnummer",
        Phone = "ett telefonnummer",
        Term = "ett blockerat ord",
        At = "vid",
        Line = "rad",
        Character = "tecken",
    };

    public static readonly PortalTexts English = new()
    {
        ChannelsLegend = "Post on",
        ChannelTooLong = "The text is too long for {0}: {1} of {2} characters. Nothing was posted.",
        NoChannel = "Choose at least one network to post on.",
        ChannelInvalid = "The form names a network this account does not post on. Nothing was posted.",
        PartlyPosted = "The post did not go out everywhere. Send the same form again in a moment: it is posted only where it is missing.",
        ChannelResults = new Dictionary<PostOutcomeKind, string>
        {
            [PostOutcomeKind.Posted] = "{0}: posted",
            [PostOutcomeKind.AlreadyPosted] = "{0}: already posted",
            [PostOutcomeKind.InProgress] = "{0}: being posted now",
            [PostOutcomeKind.Checking] = "{0}: may already be posted; the portal is looking for it",
            [PostOutcomeKind.Failed] = "{0}: failed – the network did not accept the post",
            [PostOutcomeKind.NotPosted] = "{0}: not posted",
        },
        ChannelFailedRetry = "{0}: failed – the network did not answer; try again in a moment",
        ImageTooLargeForBluesky = "Image {0} is larger than 1,000,000 bytes, Bluesky's limit. Choose a smaller image or untick Bluesky. Nothing was posted.",
        MastodonImageProblems = new Dictionary<ImageProblem, string>
        {
            [ImageProblem.TooManyForMastodon] = "The Mastodon instance takes at most {1} images per post. Remove images or untick Mastodon. Nothing was posted.",
            [ImageProblem.NotSupportedOnMastodon] = "Image {0} is of a type the Mastodon instance does not take. Choose another image or untick Mastodon. Nothing was posted.",
            [ImageProblem.TooLargeForMastodon] = "Image {0} is larger than {1} bytes, the Mastodon instance's limit. Choose a smaller image or untick Mastodon. Nothing was posted.",
            [ImageProblem.AltTextTooLongForMastodon] = "The description of image {0} is longer than {1} characters, the Mastodon instance's limit. Shorten it or untick Mastodon. Nothing was posted.",
        },
        OpenPost = "open",
        ChannelMentionsUnavailable = "Bluesky or Mastodon did not answer just now; the list may miss mentions from there.",
        Lang = "en",
        Title = "Curator of the week",
        NotFoundTitle = "Page not found",
        NotFound = "This link does not work. Check that you copied the whole link from your e-mail.",
        EndedTitle = "Your week has ended",
        Ended = "Thank you for your week! This link no longer works. Contact the communications team if you need anything.",
        Hello = "Hello {0}!",
        YourWeek = "Your week on {0}: {1} – {2}.",
        GuidelinesHeading = "Guidelines",
        GuidelinesIntro = "Read the guidelines and accept them before your week starts.",
        AcceptButton = "I accept",
        Accepted = "You have accepted the guidelines.",
        NotStarted = "You can post when your week starts, {0}.",
        ComposeHeading = "Write a post",
        TextLabel = "Text",
        CheckButton = "Check",
        PostButton = "Post",
        Length = "Length: {0} of {1}.",
        GuardClear = "No personal data found.",
        GuardBlocked = "This text cannot be posted: it contains {0}. Remove it and try again.",
        Posted = "Posted.",
        AlreadyPosted = "This post was already posted.",
        InProgress = "This post is being posted right now.",
        Empty = "Write something first.",
        TooLong = "The text is too long.",
        NotAllowed = "You cannot post right now.",
        FailedRetry = "X did not answer. Try again in a moment; the post will not be posted twice.",
        TooManyPosts = "You have made {0} posts in the last hour, as many as the account allows. Try again in {1} minutes; your text is kept here.",
        TooManyLookupsTitle = "Too many attempts",
        DeleteButton = "Delete the post",
        Deleted = "The post was deleted from every network it was posted to.",
        DeleteFailed = "{0} did not delete the post; it may still be there. Try again in a moment.",
        DeletedFrom = "Deleted from {0}.",
        And = "and",
        Statuses = new Dictionary<string, string> { ["claimed"] = "being posted", ["posted"] = "posted", ["failed"] = "failed", ["deleted"] = "deleted" },
        TooManyLookups = "Many links that do not exist were opened from your address. Try again in {0} minutes, or ask the communications team for a new link.",
        Failed = "X did not accept the post. Contact the communications team.",
        YourPosts = "Your posts",
        NoPosts = "No posts yet.",
        PostingClosed = "You can no longer post.",
        MentionsHeading = "Mentions since your week began",
        NoMentions = "Nobody has mentioned the account since your week began.",
        MentionsUnavailable = "X did not answer just now; the list may miss the latest mentions.",
        ReplyLabel = "Reply to {0}",
        ReplyButton = "Reply",
        ReplyNotAllowed = "X allows replies only to posts whose author mentioned the account. The reply was not posted.",
        SomeoneOnX = "someone on X",
        IsReply = "reply",
        Checking = "X may already have made this post. The portal looks for it on X in {0} seconds: try again then. It will not be posted twice.",
        ImagesHeading = "Images (at most 4, JPEG or PNG, at most 5 MB each)",
        ImageLabel = "Image {0}",
        AltLabel = "Image description (required, read aloud to those who cannot see the image)",
        NobodyIdentifiable = "No patient or other person can be identified in the images.",
        ImagesNotAllowed = "This account can post text only for now: its X authorization lacks images (media.write). Ask the communications team to authorize the account again.",
        ImagesNotOnX = "On X this account can post text only for now: its X authorization lacks images (media.write). Untick X to post images on the other networks.",
        ImageProblems = new Dictionary<ImageProblem, string>
        {
            [ImageProblem.TooMany] = "At most 4 images per post. Nothing was posted.",
            [ImageProblem.TooLarge] = "An image is larger than 5 MB. Nothing was posted.",
            [ImageProblem.NotAnImage] = "A file is not a JPEG or PNG image. Nothing was posted.",
            [ImageProblem.MissingAltText] = "Every image needs a description. Nothing was posted.",
            [ImageProblem.AltTextTooLong] = "An image description is longer than 1,000 characters. Nothing was posted.",
            [ImageProblem.NotConfirmed] = "Confirm that nobody can be identified in the images. Nothing was posted.",
            [ImageProblem.AltTextBlocked] = "An image description contains personal data (a personnummer, a phone number or a blocked term). Nothing was posted.",
            [ImageProblem.TooLargeForBluesky] = "An image is larger than 1,000,000 bytes, Bluesky's limit. Nothing was posted.",
            [ImageProblem.TooManyForMastodon] = "The Mastodon instance does not take that many images. Nothing was posted.",
            [ImageProblem.NotSupportedOnMastodon] = "An image is of a type the Mastodon instance does not take. Nothing was posted.",
            [ImageProblem.TooLargeForMastodon] = "An image is larger than the Mastodon instance's limit. Nothing was posted.",
            [ImageProblem.AltTextTooLongForMastodon] = "An image description is longer than the Mastodon instance's limit. Nothing was posted.",
            [ImageProblem.ImagesGone] = "The post's images are no longer kept (they were removed once the post was everywhere). Choose them again. Nothing was posted.",
        },
        Personnummer = "a personal identity number (personnummer)",
        Samordningsnummer = "a co-ordination number (samordningsnummer)",
        Phone = "a phone number",
        Term = "a blocked term",
        At = "at",
        Line = "line",
        Character = "character",
    };
}
