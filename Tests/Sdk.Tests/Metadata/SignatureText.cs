using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace Mci.Sdk.Tests.Metadata;

/// <summary>
/// Decodes metadata signatures into comparable text, the way the runtime binds them: every type by its full name
/// (nested types as Outer/Inner) with its class/valuetype kind as the signature blob encodes it, generic
/// instantiations, generic parameters (!0 type, !!0 method), byref (&amp;), arrays ([] and [,]), pointers and
/// modreq/modopt modifiers. Assembly names are left out, because the same type comes from mscorlib in a net462
/// binary and from netstandard in the stand-in; the rule for Dataverse types is their namespace.
/// Every named type it meets is recorded in <see cref="Kinds"/>, so a caller can compare kinds across binaries.
/// </summary>
internal sealed class SignatureText : ISignatureTypeProvider<string, object?>
{
    private const byte ValueTypeKind = 0x11, ClassKind = 0x12;

    /// <summary>Full type name to the kinds the signatures gave it ("class" or "valuetype").</summary>
    public Dictionary<string, HashSet<string>> Kinds { get; } = new(StringComparer.Ordinal);

    /// <summary>"class " / "valuetype " at the start of a type, as in ILAsm.</summary>
    public static string WithoutKinds(string text) =>
        text.Replace("valuetype ", "", StringComparison.Ordinal).Replace("class ", "", StringComparison.Ordinal);

    /// <summary>The generic definition's name of a decoded type: kind, instantiation and modifiers removed.</summary>
    public static string DefinitionName(string decoded)
    {
        var name = WithoutKinds(decoded);
        var angle = name.IndexOf('<');
        return angle < 0 ? name : name[..angle];
    }

    public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode switch
    {
        PrimitiveTypeCode.Void => "void",
        PrimitiveTypeCode.Boolean => "System.Boolean",
        PrimitiveTypeCode.Char => "System.Char",
        PrimitiveTypeCode.SByte => "System.SByte",
        PrimitiveTypeCode.Byte => "System.Byte",
        PrimitiveTypeCode.Int16 => "System.Int16",
        PrimitiveTypeCode.UInt16 => "System.UInt16",
        PrimitiveTypeCode.Int32 => "System.Int32",
        PrimitiveTypeCode.UInt32 => "System.UInt32",
        PrimitiveTypeCode.Int64 => "System.Int64",
        PrimitiveTypeCode.UInt64 => "System.UInt64",
        PrimitiveTypeCode.Single => "System.Single",
        PrimitiveTypeCode.Double => "System.Double",
        PrimitiveTypeCode.String => "System.String",
        PrimitiveTypeCode.TypedReference => "System.TypedReference",
        PrimitiveTypeCode.IntPtr => "System.IntPtr",
        PrimitiveTypeCode.UIntPtr => "System.UIntPtr",
        PrimitiveTypeCode.Object => "System.Object",
        _ => typeCode.ToString(),
    };

    public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) =>
        Named(FullName(reader, handle), rawTypeKind);

    public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) =>
        Named(FullName(reader, handle), rawTypeKind);

    public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) =>
        genericType + "<" + string.Join(",", typeArguments) + ">";

    public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;

    public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;

    public string GetSZArrayType(string elementType) => elementType + "[]";

    public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[" + new string(',', shape.Rank - 1) + "]";

    public string GetByReferenceType(string elementType) => elementType + "&";

    public string GetPointerType(string elementType) => elementType + "*";

    public string GetPinnedType(string elementType) => elementType + " pinned";

    public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) =>
        unmodifiedType + (isRequired ? " modreq(" : " modopt(") + WithoutKinds(modifier) + ")";

    public string GetFunctionPointerType(MethodSignature<string> signature) =>
        "method " + signature.ReturnType + "*(" + string.Join(",", signature.ParameterTypes) + ")";

    /// <summary>A method's signature as text: "instance ret Name&lt;arity&gt;(params)"; the name is given by the caller.</summary>
    public static string Method(string name, MethodSignature<string> signature) =>
        (signature.Header.IsInstance ? "instance " : "static ") + signature.ReturnType + " " + name
        + (signature.GenericParameterCount > 0 ? "<" + signature.GenericParameterCount + ">" : "")
        + "(" + string.Join(",", signature.ParameterTypes) + ")";

    /// <summary>A field's signature as text: "type Name".</summary>
    public static string Field(string name, string type) => type + " " + name;

    public static string FullName(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        var name = reader.GetString(type.Name);
        var declaring = type.GetDeclaringType();
        if (!declaring.IsNil) return FullName(reader, declaring) + "/" + name;
        var ns = reader.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    public static string FullName(MetadataReader reader, TypeReferenceHandle handle)
    {
        var type = reader.GetTypeReference(handle);
        var name = reader.GetString(type.Name);
        if (type.ResolutionScope.Kind == HandleKind.TypeReference) return FullName(reader, (TypeReferenceHandle)type.ResolutionScope) + "/" + name;
        var ns = reader.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    private string Named(string fullName, byte rawTypeKind)
    {
        var kind = rawTypeKind switch { ValueTypeKind => "valuetype", ClassKind => "class", _ => null };
        if (kind == null) return fullName;
        if (!Kinds.TryGetValue(fullName, out var kinds)) Kinds[fullName] = kinds = new HashSet<string>(StringComparer.Ordinal);
        kinds.Add(kind);
        return kind + " " + fullName;
    }
}
