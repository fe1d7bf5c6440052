namespace Mci.Sdk.Tests.Metadata;

/// <summary>
/// Holds a stand-in SDK assembly to the references a real Microsoft binary makes into the real one. A binary compiled
/// against Microsoft.Xrm.Sdk (or Microsoft.Crm.Sdk.Proxy) records, for every member it uses, the declaring type and the
/// exact signature (with the class/valuetype kind of every type in it); the runtime binds by exactly that. So for every
/// referenced member the stand-in declares (same type, name, generic arity and parameter types), the stand-in must
/// declare it on the same type with the same signature, and every SDK type the binary mentions must have the same kind
/// in the stand-in.
/// Members the stand-in does not declare at all are only counted: the stand-in is a subset of the SDK by design.
/// </summary>
internal sealed class RealSdkComparison
{
    public const string SdkAssembly = "Microsoft.Xrm.Sdk";

    /// <summary>Microsoft.Crm.Sdk.Proxy: the Microsoft.Crm.Sdk.Messages requests (GrantAccess, WinOpportunity...).</summary>
    public const string ProxyAssembly = "Microsoft.Crm.Sdk.Proxy";

    /// <summary>Compares the real binary's references into <paramref name="assembly"/> with what <paramref name="standIn"/> declares.</summary>
    public RealSdkComparison(BuiltAssembly real, BuiltAssembly standIn, string assembly = SdkAssembly)
    {
        var types = standIn.Types.ToDictionary(t => t.FullName);
        var methodsByType = standIn.Methods.ToLookup(m => m.Type);

        Assembly = assembly;
        MemberReferences = real.MemberReferences.Where(m => m.Assembly == assembly).Distinct().ToList();
        TypeReferences = real.TypeReferences.Where(t => t.Assembly == assembly).Select(t => t.FullName).Distinct().ToList();
        TypesDeclared = TypeReferences.Where(types.ContainsKey).ToList();

        var declared = new List<BuiltAssembly.MemberUse>();
        var mismatches = new List<string>();
        foreach (var reference in MemberReferences)
        {
            if (!types.TryGetValue(reference.Type, out var type)) continue;
            // The type itself first, then its base classes in the stand-in: a match on a base is a wrong declaring type.
            string? found = null, foundOn = null;
            for (var current = type; current != null && found == null; current = current.BaseType != null ? types.GetValueOrDefault(current.BaseType) : null)
            {
                var candidates = reference.IsField
                    ? current.Fields.Where(f => f.Name == reference.Name).Select(f => SignatureText.Field(f.Name, f.Type))
                    : methodsByType[current.FullName].Where(m => m.Name == reference.Name).Select(m => m.Signature);
                found = candidates.FirstOrDefault(c => Identity(c, reference.Name, reference.IsField) == Identity(reference.Signature, reference.Name, reference.IsField));
                foundOn = current.FullName;
            }
            if (found == null) continue;
            declared.Add(reference);
            if (foundOn != reference.Type) mismatches.Add($"{reference}: the stand-in declares it on {foundOn}, the real SDK on {reference.Type}");
            else if (found != reference.Signature) mismatches.Add($"{reference}: the stand-in declares {found}");
        }

        foreach (var name in TypesDeclared)
        {
            if (!real.Kinds.TryGetValue(name, out var kinds)) continue;
            var standInKind = types[name].BaseType is "System.ValueType" or "System.Enum" ? "valuetype" : "class";
            foreach (var kind in kinds.Where(k => k != standInKind))
            {
                mismatches.Add($"{name}: the real SDK's {kind}, the stand-in's {standInKind}");
            }
        }

        MembersDeclared = declared;
        Mismatches = mismatches;
    }

    /// <summary>The SDK assembly compared (<see cref="SdkAssembly"/> or <see cref="ProxyAssembly"/>).</summary>
    public string Assembly { get; }

    /// <summary>Distinct members the real binary references in <see cref="Assembly"/>.</summary>
    public IReadOnlyList<BuiltAssembly.MemberUse> MemberReferences { get; }

    /// <summary>Those of <see cref="MemberReferences"/> the stand-in declares (same type or a base, name, arity, parameters).</summary>
    public IReadOnlyList<BuiltAssembly.MemberUse> MembersDeclared { get; }

    /// <summary>Distinct types of <see cref="Assembly"/> the real binary references, and those the stand-in declares.</summary>
    public IReadOnlyList<string> TypeReferences { get; }

    public IReadOnlyList<string> TypesDeclared { get; }

    /// <summary>A declared member on another type or with another signature, or a type of another kind.</summary>
    public IReadOnlyList<string> Mismatches { get; }

    /// <summary>A member reference's identity: what overload resolution keys on (name, generic arity, parameter types).</summary>
    public static string Identity(BuiltAssembly.MemberUse member) => Identity(member.Signature, member.Name, member.IsField);

    /// <summary>What overload resolution keys on: the name, generic arity and parameter types, without kinds or return type.</summary>
    private static string Identity(string signature, string name, bool isField)
    {
        if (isField) return name;
        var at = signature.IndexOf(" " + name + "(", StringComparison.Ordinal);
        if (at < 0) at = signature.IndexOf(" " + name + "<", StringComparison.Ordinal);
        return SignatureText.WithoutKinds(signature[(at + 1)..]);
    }
}
