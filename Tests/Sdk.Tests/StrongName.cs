using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;

namespace Mci.Sdk.Tests;

/// <summary>
/// Reads and verifies an assembly's strong-name signature the way the .NET Framework loader does, so a test can
/// tell a fully signed assembly (what Dataverse requires) from a public-signed one (public key, no signature).
/// </summary>
internal sealed class StrongName
{
    private const int CalgSha1 = 0x8004, CalgSha256 = 0x800C;

    private StrongName(byte[] image, string path)
    {
        using var pe = new PEReader(new MemoryStream(image));
        var headers = pe.PEHeaders;
        var metadata = pe.GetMetadataReader();
        Path = path;
        Flags = headers.CorHeader!.Flags;
        var definition = metadata.GetAssemblyDefinition();
        Name = metadata.GetString(definition.Name);
        PublicKey = metadata.GetBlobBytes(definition.PublicKey);
        References = metadata.AssemblyReferences.Select(h => metadata.GetAssemblyReference(h)).Select(r => new Reference(
            metadata.GetString(r.Name), r.Version, TokenOfBlob(metadata.GetBlobBytes(r.PublicKeyOrToken), (r.Flags & System.Reflection.AssemblyFlags.PublicKey) != 0))).ToList();
        SignatureValid = PublicKey.Length > 0 && Verify(image, headers, PublicKey);
    }

    public string Path { get; }
    public string Name { get; }
    public CorFlags Flags { get; }
    public byte[] PublicKey { get; }
    public string PublicKeyToken => TokenOfBlob(PublicKey, isFullKey: true);
    public IReadOnlyList<Reference> References { get; }

    /// <summary>True when the strong-name signature blob is an RSA signature, by <see cref="PublicKey"/>, of the image's hash.</summary>
    public bool SignatureValid { get; }

    public sealed record Reference(string Name, Version Version, string PublicKeyToken);

    public static StrongName Read(string path) => new(File.ReadAllBytes(path), path);

    public static StrongName Read(byte[] image, string label) => new(image, label);

    /// <summary>The public key blob an assembly carries (12-byte header + PUBLICKEYBLOB) made from an .snk key pair or public key file.</summary>
    public static (byte[] Modulus, byte[] Exponent) RsaPublicPartOfSnk(byte[] snk)
    {
        // .snk = PRIVATEKEYBLOB (bType 7) or PUBLICKEYBLOB (bType 6), optionally behind the 12-byte assembly header.
        var offset = snk[0] is 6 or 7 ? 0 : 12;
        return RsaPublicPart(snk, offset);
    }

    public (byte[] Modulus, byte[] Exponent) RsaPublicPartOfAssemblyKey() => RsaPublicPart(PublicKey, 12);

    private static (byte[] Modulus, byte[] Exponent) RsaPublicPart(byte[] blob, int offset)
    {
        // BLOBHEADER (8 bytes) then RSAPUBKEY: magic, bitlen, pubexp; then the little-endian modulus.
        var bitLength = BitConverter.ToInt32(blob, offset + 12);
        var exponent = BitConverter.GetBytes(BitConverter.ToUInt32(blob, offset + 16)).Reverse().SkipWhile(b => b == 0).ToArray();
        var modulus = blob.Skip(offset + 20).Take(bitLength / 8).Reverse().ToArray();
        return (modulus, exponent);
    }

    private static string TokenOfBlob(byte[] keyOrToken, bool isFullKey)
    {
        if (keyOrToken.Length == 0) return "";
        var token = isFullKey ? SHA1.HashData(keyOrToken).TakeLast(8).Reverse().ToArray() : keyOrToken;
        return Convert.ToHexString(token).ToLowerInvariant();
    }

    private static bool Verify(byte[] image, PEHeaders headers, byte[] publicKey)
    {
        var directory = headers.CorHeader!.StrongNameSignatureDirectory;
        if (directory.Size == 0 || !headers.TryGetDirectoryOffset(directory, out var signatureOffset)) return false;

        // Hashed: the PE headers without their alignment padding (checksum and certificate-table entry as zero,
        // as they were when the compiler signed), then the sections, skipping the signature blob itself.
        var copy = (byte[])image.Clone();
        var optionalHeader = headers.PEHeaderStartOffset;
        Array.Clear(copy, optionalHeader + 64, 4);
        Array.Clear(copy, optionalHeader + (headers.PEHeader!.Magic == PEMagic.PE32Plus ? 144 : 128), 8);
        var headersEnd = optionalHeader + headers.CoffHeader.SizeOfOptionalHeader + headers.SectionHeaders.Length * 40;
        var hashed = new List<byte>(copy.Take(headersEnd));
        foreach (var section in headers.SectionHeaders.OrderBy(s => s.PointerToRawData))
        {
            for (var i = section.PointerToRawData; i < section.PointerToRawData + section.SizeOfRawData; i++)
            {
                if (i < signatureOffset || i >= signatureOffset + directory.Size) hashed.Add(copy[i]);
            }
        }

        var hashAlgorithm = BitConverter.ToInt32(publicKey, 4);
        var (modulus, exponent) = RsaPublicPart(publicKey, 12);
        using var rsa = RSA.Create();
        rsa.ImportParameters(new RSAParameters { Modulus = modulus, Exponent = exponent });
        var signature = copy.Skip(signatureOffset).Take(directory.Size).Reverse().ToArray();
        var (hash, name) = hashAlgorithm switch
        {
            CalgSha256 => (SHA256.HashData(hashed.ToArray()), HashAlgorithmName.SHA256),
            CalgSha1 => (SHA1.HashData(hashed.ToArray()), HashAlgorithmName.SHA1),
            _ => (Array.Empty<byte>(), HashAlgorithmName.SHA1),
        };
        return hash.Length > 0 && rsa.VerifyHash(hash, signature, name, RSASignaturePadding.Pkcs1);
    }
}
