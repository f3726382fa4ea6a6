namespace RotationFunctions.Storage;

public sealed class KeyVaultOptions
{
    public const string Section = "KeyVault";

    [Required(ErrorMessage = "Set KeyVault:VaultUri to the vault that holds the X client credentials and token bundles.")]
    public Uri? VaultUri { get; set; }
}
